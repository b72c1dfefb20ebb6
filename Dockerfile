# syntax=docker/dockerfile:1
# advoware-bridge: one image for the api (default) and the worker (`node dist/worker/main.js`).
# Debian (glibc), not alpine: the Temporal worker's native core-bridge is built for glibc.
# Node 22 LTS (24 works too; 20.19+ is supported by the code but end-of-life).
ARG NODE_IMAGE=node:22-bookworm-slim

# --- all dependencies, for the TypeScript build ---------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# --- compile to dist/ -----------------------------------------------------------------
FROM deps AS build
COPY . .
# bin/ is optional in the sources; make sure the runtime COPY below always finds it.
# build:workflows pre-bundles workflows/ (webpack) into dist/workflow-bundle.js, from the same
# sources as dist/: the worker loads it (WORKER_WORKFLOW_BUNDLE below) and never runs webpack.
RUN npm run build && npm run build:workflows && mkdir -p bin

# --- production dependencies only -----------------------------------------------------
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# --- runtime --------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
# WORKER_WORKFLOW_BUNDLE: the bundle built above (only the worker reads it): faster start and
# about 150 MiB less memory than bundling at start (the worker never loads webpack).
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    WORKER_WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js
WORKDIR /app
# Owned by root and read-only for the runtime user: the process cannot rewrite its own code.
COPY package.json package-lock.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
USER node
EXPOSE 3000
# Liveness of the api only; compose disables it for the worker and one-shot commands.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/api/main.js"]
