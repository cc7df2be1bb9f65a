# The worker image: one program, its mode and input arrive as environment variables (ECS overrides).
# Stage 1 installs the locked dependencies and bundles the worker into one file with esbuild.
FROM node:22-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY scripts ./scripts
COPY worker ./worker
RUN node scripts/build.mjs

# Stage 2 is the runtime: a slim Node image with only the bundle, run as the unprivileged "node" user.
FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=root:root --chmod=0444 /src/dist/worker.mjs /app/worker.mjs
# The task definition mounts a volume at /tmp (the root file system is read-only). A bind mount starts
# empty, owned by root with mode 0755, which uid 1000 cannot write; with VOLUME at the same path ECS
# copies the image's /tmp (root, mode 1777, as in every Debian image) into it, so the worker can write.
VOLUME ["/tmp"]
USER node
# ECS stops a task with SIGTERM; node is PID 1 here and the worker handles SIGTERM itself.
ENTRYPOINT ["node", "/app/worker.mjs"]
