# K2 itself for the Docker stack (docker-compose.yml): the supervisor, run from source with tsx as
# `npx nx serve supervisor` does. Configuration comes from K2_* variables (.env.example).
#
#   docker build -t k2:local .      (docker compose builds it as the `k2` service)

# Install: `npm ci` from the lockfile. better-sqlite3 and zstd-napi fetch prebuilt binaries and fall
# back to a node-gyp build, hence python3, make and g++ in this stage only.
FROM node:20.20.2-bookworm-slim AS install
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund

# Run: the workspace with its node_modules, without the build tools, as the unprivileged `node` user.
FROM node:20.20.2-bookworm-slim
ENV K2_WAREHOUSE=/data/warehouse \
  K2_API_PORT=8000
WORKDIR /app
COPY --from=install --chown=node:node /app /app
# The named volume mounted at /data takes this folder's owner, so the node user can write to it.
RUN mkdir -p /data/warehouse && chown -R node:node /data
USER node
EXPOSE 8000
# The same command as the supervisor's `serve` target, without nx in between: tsx runs it as a
# child and forwards SIGTERM, so `docker stop` gets the orderly shutdown (final commit).
CMD ["node_modules/.bin/tsx", "--single-threaded", "apps/supervisor/src/main.ts"]
