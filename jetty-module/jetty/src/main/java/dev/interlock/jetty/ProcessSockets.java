package dev.interlock.jetty;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The local ports of this process's TCP sockets, from Linux's {@code /proc}: the inodes of
 * {@code /proc/self/fd}'s sockets looked up in {@code /proc/net/tcp} and {@code tcp6}. What
 * tells that a client connected over loopback is this very JVM. Where {@code /proc} is absent
 * (not Linux) it knows nothing, and says so with {@link #available()}.
 */
final class ProcessSockets
{
    private static final Path FDS = Path.of("/proc/self/fd");
    private static final List<Path> TABLES = List.of(Path.of("/proc/self/net/tcp"), Path.of("/proc/self/net/tcp6"));

    private ProcessSockets()
    {
    }

    static boolean available()
    {
        return Files.isDirectory(FDS) && Files.isReadable(TABLES.get(0));
    }

    /**
     * @return the local ports of the TCP sockets this process has open; empty where unknown
     */
    static Set<Integer> localPorts()
    {
        Set<Integer> ports = new HashSet<>();
        if (!available())
            return ports;
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(FDS))
        {
            for (Path fd : fds)
            {
                try
                {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:["))
                        inodes.add(target.substring(8, target.length() - 1));
                }
                catch (IOException | UnsupportedOperationException closedMeanwhile)
                {
                    // A descriptor closed while listed: not a socket of ours any more.
                }
            }
        }
        catch (IOException x)
        {
            return ports;
        }
        for (Path table : TABLES)
        {
            try
            {
                List<String> lines = Files.readAllLines(table);
                for (int i = 1; i < lines.size(); i++)
                {
                    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
                    String[] f = lines.get(i).trim().split("\\s+");
                    if (f.length < 10 || !inodes.contains(f[9]))
                        continue;
                    String local = f[1];
                    ports.add(Integer.parseInt(local.substring(local.indexOf(':') + 1), 16));
                }
            }
            catch (IOException | RuntimeException unreadable)
            {
                // No IPv6 table, or a format we do not know: what the other table gave.
            }
        }
        return ports;
    }
}
