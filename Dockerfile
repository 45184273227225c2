# An EXAMPLE image for Vigil; it is not built or tested by this project's CI.
#
#   mvn -B -DskipTests package          # builds app/target/vigil-VERSION.tar.gz
#   docker build -t vigil .
#   docker run -p 8000:8000 -v /etc/vigil:/etc/vigil:ro vigil
#
# /etc/vigil/vigil.json must set "http.host": "0.0.0.0" (Vigil binds 127.0.0.1 by default, which is
# unreachable from outside the container), and then "http.auth.users.file" and TLS: Vigil refuses
# to bind every interface without them unless "http.insecure.expose" is true.
FROM eclipse-temurin:17-jre

RUN useradd --system --create-home --home-dir /opt/vigil vigil
COPY app/target/vigil-*.tar.gz /tmp/vigil.tar.gz
RUN tar -xzf /tmp/vigil.tar.gz -C /opt/vigil --strip-components=1 \
    && rm /tmp/vigil.tar.gz \
    && chown -R vigil /opt/vigil

USER vigil
WORKDIR /opt/vigil
EXPOSE 8000
ENV VIGIL_JAVA_OPTS="-Xmx512m -XX:+ExitOnOutOfMemoryError"
# the script execs the JVM, so the JVM gets the SIGTERM that docker stop sends
ENTRYPOINT ["/opt/vigil/bin/vigil-start.sh"]
CMD ["/etc/vigil/vigil.json"]
