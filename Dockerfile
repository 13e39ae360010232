# openkms as a container image (optional; the npm package is the main way to install it).
#   docker build -t openkms .
#   docker run -p 127.0.0.1:4599:4599 -v openkms-data:/data openkms
# Configuration comes from the environment only (OPENKMS_* variables, README "Configuration"); the data directory is
# the /data volume. The admin credentials of the first start are printed once and saved to /data/credentials.

ARG NODE_IMAGE=node:22-bookworm-slim

# 1. Build: compile the TypeScript and the console, pack the npm package, and install it with its native addon
#    (better-sqlite3, compiled from source: nothing prebuilt is downloaded) into /opt/openkms.
FROM ${NODE_IMAGE} AS build
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3 make g++ \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json .npmrc ./
COPY console/package.json console/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build \
    && npm pack --ignore-scripts \
    && npm_config_build_from_source=true npm install -g --prefix /opt/openkms --no-audit --no-fund ./openkms-*.tgz

# 2. Run: the installed package only, as the unprivileged `node` user, data on a volume.
FROM ${NODE_IMAGE}
COPY --from=build /opt/openkms /opt/openkms
RUN mkdir -p /data && chown node:node /data
USER node
ENV PATH=/opt/openkms/bin:$PATH \
    NODE_ENV=production \
    OPENKMS_HOST=0.0.0.0 \
    OPENKMS_PORT=4599 \
    OPENKMS_DATA_DIR=/data \
    OPENKMS_LOG_FORMAT=json
VOLUME ["/data"]
EXPOSE 4599
# GET /health over plain HTTP; with TLS on the API port, point OPENKMS_HEALTHCHECK_URL at the metrics port
# (OPENKMS_METRICS=9100 serves /health there too).
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD node -e "fetch(process.env.OPENKMS_HEALTHCHECK_URL ?? 'http://127.0.0.1:' + (process.env.OPENKMS_PORT ?? '4599') + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
STOPSIGNAL SIGTERM
ENTRYPOINT ["openkms"]
CMD ["serve"]
