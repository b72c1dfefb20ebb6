/**
 * Which Kürzel may have a calendar workflow. A workflow for any other string would impersonate
 * `<k>@domain` in Google and create a calendar there, so API and CLI refuse it up front.
 */
export interface EmployeeLike {
  kuerzel: string;
  aktiv?: boolean | null;
}

/** The requested Kürzel that are neither an active Advoware employee nor in GOOGLE_CALENDAR_MAPPING (case-insensitive). */
export function unknownKuerzel(requested: readonly string[], employees: readonly EmployeeLike[], mapped: Iterable<string> = []): string[] {
  const known = new Set<string>([...mapped].map((k) => k.toUpperCase()));
  for (const employee of employees) if (employee.aktiv !== false) known.add(employee.kuerzel.trim().toUpperCase());
  return requested.filter((k) => !known.has(k.trim().toUpperCase()));
}
