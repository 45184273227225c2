package dev.vigil.webui;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for what java.net.http will not send: a foreign Host header (a DNS
 * rebinding page's request), hand-made Origin and Sec-Fetch-Site headers, bodies trickled slowly.
 */
final class RawHttp {

    record Answer(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {
    }

    /** Sends {@code head} (request line and headers, without the blank line) and {@code body}; reads the answer. */
    static Answer exchange(String address, int port, String head, byte[] body) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 5_000);
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            String headers = head + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
            out.write(headers.getBytes(StandardCharsets.ISO_8859_1));
            try {
                out.write(body);
                out.flush();
            } catch (IOException e) {
                // the server may answer (413) and close before the whole body is sent; read its answer
            }
            return read(socket.getInputStream());
        }
    }

    static Answer get(int port, String path, String host, String... extraHeaders) throws IOException {
        return exchange("127.0.0.1", port, "GET " + path + " HTTP/1.1\r\nHost: " + host + lines(extraHeaders), new byte[0]);
    }

    static Answer post(int port, String path, String host, String body, String... extraHeaders) throws IOException {
        return exchange("127.0.0.1", port, "POST " + path + " HTTP/1.1\r\nHost: " + host
                + "\r\nContent-Type: application/json" + lines(extraHeaders), body.getBytes(StandardCharsets.UTF_8));
    }

    private static String lines(String... headers) {
        StringBuilder out = new StringBuilder();
        for (String header : headers) {
            out.append("\r\n").append(header);
        }
        return out.toString();
    }

    /** Status line, headers and the rest as the body (the server closes: Connection: close). */
    static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try {
            in.transferTo(all);
        } catch (IOException e) {
            if (all.size() == 0) {
                throw e; // reset after the answer was read is fine; before it is not
            }
        }
        String text = all.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IOException("no complete HTTP answer: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        String body = text.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunk(body);
        }
        return new Answer(status, headers, body);
    }

    private static String unchunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toString();
    }
}
