# An ALTERNATIVE to deploy/image/build-image.sh for machines with a Docker daemon and access to Docker Hub;
# it is not built or tested here (ContainerImageIT and ContainerImagePodmanIT test the script's image).
# It makes the same layout: Vigil under /opt/vigil owned by root, its pid file's directory and the user
# vigil with uid and gid 10001 (the uid deploy/kubernetes/vigil.yaml runs as), the config at /etc/vigil.
#
#   mvn -B -DskipTests package          # builds app/target/vigil-VERSION.tar.gz
#   docker build -t vigil .
#   docker run -p 8000:8000 -v /etc/vigil:/etc/vigil:ro vigil
#
# /etc/vigil/vigil.json must set "http.host": "0.0.0.0" (Vigil binds 127.0.0.1 by default, which is
# unreachable from outside the container), and then "http.auth.users.file" and TLS: Vigil refuses
# to bind every interface without them unless "http.insecure.expose" is true.
FROM eclipse-temurin:17-jre

RUN groupadd --system --gid 10001 vigil \
    && useradd --system --uid 10001 --gid 10001 --home-dir /opt/vigil --no-create-home --shell /usr/sbin/nologin vigil
COPY app/target/vigil-*.tar.gz /tmp/vigil.tar.gz
RUN mkdir -p /opt/vigil /etc/vigil \
    && tar -xzf /tmp/vigil.tar.gz -C /opt/vigil --strip-components=1 --no-same-owner \
    && rm /tmp/vigil.tar.gz \
    && mkdir /opt/vigil/run && chown 10001:10001 /opt/vigil/run

USER 10001:10001
WORKDIR /opt/vigil
EXPOSE 8000
ENV VIGIL_JAVA_OPTS="-Xmx512m"
# the script execs the JVM, so the JVM gets the SIGTERM that docker stop sends
ENTRYPOINT ["/opt/vigil/bin/vigil-start.sh"]
CMD ["/etc/vigil/vigil.json"]
