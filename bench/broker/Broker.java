import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManagerImpl;

/**
 * A standalone Artemis broker for bench/scale-out.sh: pve-audit's distribution ships no broker (production uses
 * its own), and this machine has no network to fetch one, so the bench embeds the artemis-jakarta-server of the
 * test scope, as the scale-out tests do (src/test/java/org/pveaudit/job/scaleout/TestBroker.java), with two
 * differences: one account (user and password, security on) and queues that are not deleted when their last
 * consumer leaves, so their counters can be read at the end.
 *
 * <pre>
 *   java -cp "$(cat test-classpath.txt)" bench/broker/Broker.java URL_FILE USER PASSWORD_FILE MAX_SECONDS
 * </pre>
 *
 * Listens on a free port of 127.0.0.1 only (no persistence: the bench's messages live for one run), writes its
 * URL to URL_FILE once it accepts connections, and runs until SIGTERM or MAX_SECONDS (it never outlives a bench
 * that forgot it). On stop it prints one line per queue: {@code queue NAME added N acknowledged N expired N
 * killed N pending N}, and a total line: the "broker message count" of issue 18.
 */
public final class Broker {

    @SuppressWarnings("deprecation") // ActiveMQSecurityManagerImpl: the one account in memory is all the bench needs
    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: Broker URL_FILE USER PASSWORD_FILE MAX_SECONDS");
            System.exit(2);
        }
        Path urlFile = Path.of(args[0]);
        String user = args[1];
        String password = Files.readString(Path.of(args[2])).strip();
        long maxSeconds = Long.parseLong(args[3]);

        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ConfigurationImpl config = new ConfigurationImpl();
        config.setPersistenceEnabled(false);
        // nothing is persisted, but Artemis still wants its folders: in the bench's folder, not the current one
        Path data = Files.createDirectories(urlFile.toAbsolutePath().resolveSibling("broker-data"));
        config.setJournalDirectory(data.resolve("journal").toString());
        config.setBindingsDirectory(data.resolve("bindings").toString());
        config.setPagingDirectory(data.resolve("paging").toString());
        config.setLargeMessagesDirectory(data.resolve("large-messages").toString());
        config.setJMXManagementEnabled(false);
        config.addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + port);
        // every address: the bench's one account may send, consume and create the site queues (the production
        // split of accounts per site is described in docs/scale-out.md; the bench measures, it does not police)
        config.setSecurityEnabled(true);
        config.putSecurityRoles("#", Set.of(new Role("bench", true, true, true, true, true, true, false, true,
                true, true, false, false)));
        // keep auto-created queues after the workers disconnect, so that their counters survive to the end
        config.addAddressSetting("#", new AddressSettings().setAutoDeleteQueues(false).setAutoDeleteAddresses(false));
        SecurityConfiguration accounts = new SecurityConfiguration();
        accounts.addUser(user, password);
        accounts.addRole(user, "bench");

        EmbeddedActiveMQ server = new EmbeddedActiveMQ();
        server.setConfiguration(config);
        server.setSecurityManager(new ActiveMQSecurityManagerImpl(accounts));
        server.start();

        String url = "tcp://127.0.0.1:" + port;
        Path tmp = urlFile.resolveSibling(urlFile.getFileName() + ".tmp");
        Files.writeString(tmp, url + "\n");
        Files.move(tmp, urlFile, StandardCopyOption.ATOMIC_MOVE);
        System.err.println("broker: listening on " + url + ", user " + user + ", stops after " + maxSeconds + " s");

        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        if (!stop.await(maxSeconds, TimeUnit.SECONDS)) {
            System.err.println("broker: --max-seconds " + maxSeconds + " reached, stopping");
        }
        printCounts(server);
        server.stop();
        stopped.countDown();
    }

    private static void printCounts(EmbeddedActiveMQ server) {
        long added = 0;
        long acked = 0;
        for (var binding : server.getActiveMQServer().getPostOffice().getAllBindings().toList()) {
            if (!(binding.getBindable() instanceof Queue q) || q.getName().toString().startsWith("activemq.")
                    || q.getName().toString().startsWith("$")) {
                continue;
            }
            added += q.getMessagesAdded();
            acked += q.getMessagesAcknowledged();
            System.out.printf("queue %s added %d acknowledged %d expired %d killed %d pending %d%n", q.getName(),
                    q.getMessagesAdded(), q.getMessagesAcknowledged(), q.getMessagesExpired(), q.getMessagesKilled(),
                    q.getMessageCount() + q.getDeliveringCount());
        }
        System.out.printf("total added %d acknowledged %d%n", added, acked);
        System.out.flush();
    }
}
