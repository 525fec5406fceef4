# Production image: compiled app, prebuilt back-office bundle, production dependencies,
# migrations applied at start, run as the unprivileged `node` user. CI runs these same
# build and start steps as a script on a clean clone (scripts/production-check.sh),
# since its machines have no Docker engine.
FROM node:24-bookworm-slim AS build
WORKDIR /app
# The schema comes before `npm ci`: its postinstall runs `prisma generate`.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
RUN npm ci --no-audit --no-fund
COPY . .
# The back-office components are bundled here, not at start-up (see admin/bundle.ts).
RUN npm run build && npm run build:admin && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json /app/prisma.config.ts ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/prisma ./prisma
COPY --from=build --chown=node:node /app/admin/components ./admin/components
COPY --from=build --chown=node:node /app/.adminjs ./.adminjs
USER node
EXPOSE 3000
# Ready means the database (and Redis, when configured) answer: /ready, not just /health.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/src/server.js"]
