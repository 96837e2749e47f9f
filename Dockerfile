# The service as a container image (docs/deployment.md). Two stages: the build needs the
# development dependencies (TypeScript, the Nest CLI); the image that runs has only the
# production ones and the compiled dist/, and runs as the unprivileged `node` user.
#
#   docker build -t natca-intercom-service .
#   docker run --env-file .env -e NODE_ENV=production -p 1300:1300 natca-intercom-service
#
# Node.js 24 (LTS, maintained until April 2028); 26 is supported too: --build-arg NODE_MAJOR=26.
ARG NODE_MAJOR=24

FROM node:${NODE_MAJOR}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No dependency needs its install script (README, "What runs at install").
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
RUN npm run build

FROM node:${NODE_MAJOR}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=1300
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The official image's unprivileged user (uid 1000); the files stay root's, read-only to it.
USER node
EXPOSE 1300
# Liveness only: readiness (/api/health/ready) is for monitoring and alerts, not for restarts
# nor the load balancer (docs/deployment.md, "Health checks").
# The start may wait up to MYSQL_STARTUP_WAIT_MS (60 s) for MySQL, hence the start period.
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 1300) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself, not npm: SIGTERM reaches the service, which drains and exits (docs/operations.md).
CMD ["node", "dist/main.js"]
