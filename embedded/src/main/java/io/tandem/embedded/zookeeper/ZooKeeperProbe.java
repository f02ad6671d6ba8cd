package io.tandem.embedded.zookeeper;

import io.tandem.embedded.ports.LoopbackPorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Asks a ZooKeeper node what it is with the {@code srvr} command (always allowed by ZooKeeper). */
final class ZooKeeperProbe {
    private static final int TIMEOUT_MS = 1_000;

    private ZooKeeperProbe() {}

    static ZooKeeperMode mode(int clientPort) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LoopbackPorts.loopback(), clientPort), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            out.write("srvr".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readNBytes(8 * 1024), StandardCharsets.UTF_8);
            return ZooKeeperMode.fromSrvr(answer);
        } catch (IOException e) {
            return ZooKeeperMode.UNREACHABLE;
        }
    }
}
