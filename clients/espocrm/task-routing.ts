import type { EspoCrmClient, TaskInput } from './client';

/** Who receives the Tasks the product creates (ESPOCRM_TASK_ASSIGNEE): a user, or a team. */
export interface TaskAssignee {
  kind: 'user' | 'team';
  id: string;
}

export interface TaskRouting {
  assignee?: TaskAssignee;
  /** ESPOCRM_TASK_NOTIFICATION: also an in-app Notification to the assigned user, as the old system sent. */
  notify?: boolean;
}

/** `user:<id>`, `team:<id>` or a bare id (a user); undefined when not set. */
export function parseTaskAssignee(value: string | undefined): TaskAssignee | undefined | Error {
  if (!value) return undefined;
  const match = /^(?:(user|team):)?([A-Za-z0-9_-]{1,64})$/i.exec(value.trim());
  if (!match) return new Error(`expected a user id, user:<id> or team:<id>, got "${value}"`);
  return { kind: (match[1]?.toLowerCase() as 'user' | 'team' | undefined) ?? 'user', id: match[2] };
}

function assigneeFields(task: TaskInput, assignee: TaskAssignee): Partial<TaskInput> {
  if (assignee.kind === 'team') return { teamsIds: [...new Set([...(task.teamsIds ?? []), assignee.id])] };
  return task.assignedUserId ? {} : { assignedUserId: assignee.id };
}

/**
 * Every Task goes through `createTask`, so routing it here reaches every Task the product
 * creates (conflicts, deleted parties, fields Advoware did not keep, EspoCRM deletes, …)
 * without each caller knowing the firm's set-up. A Task that names its own user keeps it.
 */
export function withTaskRouting(client: EspoCrmClient, routing: TaskRouting): EspoCrmClient {
  const { assignee } = routing;
  if (!assignee) return client;
  const createTask: EspoCrmClient['createTask'] = async (task) => {
    const routed = { ...task, ...assigneeFields(task, assignee) };
    const created = await client.createTask(routed);
    const userId = routed.assignedUserId;
    if (routing.notify && userId) {
      await client.createNotification({ userId, message: `Neue Aufgabe: ${task.name}`, relatedType: 'Task', relatedId: String(created.id) });
    }
    return created;
  };
  return new Proxy(client, { get: (target, prop, receiver) => (prop === 'createTask' ? createTask : Reflect.get(target, prop, receiver)) });
}
