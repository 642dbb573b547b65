# chat-server: multi-stage build, non-root runtime, health check on /healthz.
# Build: docker build -t chat-server .      Run: docker run -p 8080:8080 -v chat-data:/data chat-server
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -q -B package -DskipTests

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /data chat && mkdir -p /data && chown chat /data
COPY --from=build /src/chat-server/target/chat-server.jar /opt/chat/chat-server.jar
USER chat
WORKDIR /data
EXPOSE 8080
ENV CHAT_HOST=0.0.0.0 CHAT_PORT=8080 CHAT_DATA_DIR=/data
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s \
  CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
# SIGTERM (docker stop) drains clients with 1001 over --drain-seconds; give it time: docker stop -t 20
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "-jar", "/opt/chat/chat-server.jar"]
