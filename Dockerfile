# Production image: compiled app, production dependencies, migrations applied at start.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# The back-office components are bundled here, not at start-up (see admin/bundle.ts).
RUN npm run build && npm run build:admin && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json /app/prisma.config.ts ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/admin/components ./admin/components
COPY --from=build /app/.adminjs ./.adminjs
USER node
EXPOSE 3000
CMD ["node", "dist/src/server.js"]
