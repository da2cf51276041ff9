package org.pveaudit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.history.AuditRun;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.history.HistoryException;
import org.pveaudit.job.ExitCode;
import org.pveaudit.model.ApiToken;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.rules.ClusterView;
import org.pveaudit.people.Account;
import org.pveaudit.people.Identities;
import org.pveaudit.people.IdentitiesException;
import org.pveaudit.people.IdentitiesFile;
import org.pveaudit.people.PeopleIndex;
import org.pveaudit.config.AuditConfigLoader;
import org.pveaudit.config.ConfigException;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.rules.Finding;
import org.pveaudit.rules.SubjectKind;
import org.pveaudit.people.Person;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pve-audit person NAME}: one person's accounts on every cluster of the latest completed run, linked by
 * identities.yml (--identities, else the configuration's), e-mail, directory user and user id, with the run's
 * PVE-PEOPLE findings about them (plain JDBC, no Spring).
 */
@Command(name = "person", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Show one person across clusters: every account, its realm, enabled and expiry, whether it "
                + "is active, its tokens and whether it is administrator-equivalent, and what the PVE-PEOPLE rules "
                + "found about it, from the latest completed run.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:shown (several people matching are listed)", "1:no person matches NAME",
                "2:no database, no completed run, a mistake in the identities file, or a usage error"})
final class PersonCommand implements Callable<Integer> {

    /** Exit code when nobody matches: a normal answer a script can test, not a usage error. */
    static final int NO_MATCH = 1;

    @Spec
    CommandSpec spec;

    @Mixin
    HistoryDatabase db;

    @Parameters(paramLabel = "NAME", description = "A person's key, name, e-mail, account (cluster:user@realm or "
            + "user@realm) or user name; case-insensitive.")
    String name;

    @Option(names = "--identities", paramLabel = "FILE",
            description = "identities.yml: accounts to join as one person, or to keep apart.")
    Path identitiesFile;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        Identities identities = identities();
        AuditHistory history = db.open();
        AuditRun run = history.runs().latestCompleted().orElseThrow(() -> new InputError(
                "no completed audit run in the history; run 'pve-audit audit' first"));
        PrintWriter err = spec.commandLine().getErr();
        List<ClusterSnapshot> snapshots = new ArrayList<>();
        try {
            for (ClusterRun c : history.clusters().of(run.id())) {
                ClusterSnapshot s = c.audited() ? history.snapshots().snapshot(run.id(), c.cluster()) : null;
                if (s == null) {
                    err.println("pve-audit: " + c.cluster() + ": not audited in run " + run.id()
                            + "; its accounts are not shown");
                } else {
                    snapshots.add(s);
                }
            }
        } catch (HistoryException e) {
            throw new InputError(e.getMessage());
        }
        // the run's moment, not the clock's: active and expired then agree with that run's report
        long asOf = run.startedAt().getEpochSecond();
        java.util.Map<String, ClusterView> views = new java.util.HashMap<>();
        snapshots.forEach(s -> views.put(s.cluster(), new ClusterView(s, asOf)));
        PeopleIndex index = PeopleIndex.of(snapshots, identities, asOf, (c, user) -> views.get(c).adminEquivalent(user));
        index.unknown().forEach(u -> err.println("pve-audit: identities: no such account in run " + run.id() + ": "
                + TerminalText.safe(u)));
        err.flush();
        List<Person> found = index.find(name);
        PrintWriter out = spec.commandLine().getOut();
        if (found.isEmpty()) {
            err.println("pve-audit: no person matches '" + TerminalText.safe(name) + "' in run " + run.id()
                    + " (a key, name, e-mail, account or user name)");
            err.flush();
            return NO_MATCH;
        }
        // what the run's rules found about these people (PVE-PEOPLE), as the report shows it
        List<Finding> concerns = history.findings().of(run.id()).stream().map(StoredFinding::finding)
                .filter(f -> f.subject() == SubjectKind.PERSON).toList();
        if (json) {
            out.println(HistoryCommand.json(json(run, found, concerns)));
        } else if (found.size() > 1) {
            out.println(found.size() + " people match '" + TerminalText.safe(name) + "' in run " + run.id()
                    + "; name one by its key:");
            for (Person p : found) {
                out.println("  " + TerminalText.safe(p.key()) + "  " + TerminalText.safe(p.name()) + "  ("
                        + String.join(", ", p.accounts().stream().map(a -> TerminalText.safe(a.id())).toList()) + ")");
            }
        } else {
            text(out, run, found.get(0), concerns);
        }
        out.flush();
        return ExitCode.OK;
    }

    /**
     * How the configuration links people ({@code people.match-keys}, {@code people.identities}), with
     * {@code --identities} in place of its identities file; without a configuration, every key and no file.
     */
    private Identities identities() {
        try {
            Identities configured = db.configFile() == null ? Identities.NONE
                    : AuditConfigLoader.load(db.configFile()).people().linking();
            return identitiesFile == null ? configured
                    : IdentitiesFile.read(identitiesFile).withKeys(configured.keys());
        } catch (IdentitiesException | ConfigException e) {
            throw new InputError(TerminalText.safe(e.getMessage()));
        }
    }

    /** The findings about one of the person's accounts. */
    private static List<Finding> about(Person p, List<Finding> concerns) {
        return concerns.stream().filter(f -> p.accounts().stream()
                .anyMatch(a -> a.cluster().equals(f.cluster()) && a.userId().equals(f.principal()))).toList();
    }

    private static void text(PrintWriter out, AuditRun run, Person p, List<Finding> concerns) {
        out.println(TerminalText.safe(p.name()) + "  (key " + TerminalText.safe(p.key()) + "; run " + run.id()
                + " of " + HistoryCommand.time(run.startedAt()) + ")");
        if (!p.emails().isEmpty()) {
            out.println("  e-mail  " + TerminalText.safe(String.join(", ", p.emails())));
        }
        out.printf("  %-12s %-32s %-20s %-7s %-10s %-6s %-6s %s%n", "CLUSTER", "ACCOUNT", "REALM", "ENABLED",
                "EXPIRES", "ACTIVE", "ADMIN", "TOKENS");
        for (Account a : p.accounts()) {
            out.printf("  %-12s %-32s %-20s %-7s %-10s %-6s %-6s %s%n", TerminalText.safe(a.cluster()),
                    TerminalText.safe(a.userId()), TerminalText.safe(a.realm() + (a.realmType().isEmpty() ? ""
                            : " (" + a.realmType() + ")")), yes(a.enabled()), expires(a.expire()), yes(a.active()),
                    yes(a.adminEquivalent()), a.tokens().isEmpty() ? "-" : String.join(", ", a.tokens().stream()
                            .map(t -> TerminalText.safe(t.name()) + (t.expiredAt(run.startedAt().getEpochSecond())
                                    ? " (expired)" : "")).toList()));
        }
        for (Finding f : about(p, concerns)) {
            out.println("  " + f.severity().key() + " " + f.ruleId() + " on " + TerminalText.safe(f.cluster()) + ": "
                    + TerminalText.safe(f.message()));
        }
    }

    private static String yes(boolean b) {
        return b ? "yes" : "no";
    }

    private static String expires(long expire) {
        return expire == 0 ? "never" : Instant.ofEpochSecond(expire).toString().substring(0, 10);
    }

    private static Map<String, Object> json(AuditRun run, List<Person> people, List<Finding> concerns) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", "pve-audit/person");
        m.put("run", run.id());
        m.put("asOf", run.startedAt().toString());
        List<Map<String, Object>> list = new ArrayList<>();
        for (Person p : people) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("key", p.key());
            x.put("name", p.name());
            x.put("emails", List.copyOf(p.emails()));
            x.put("clusters", List.copyOf(p.clusters()));
            x.put("accounts", p.accounts().stream().map(a -> account(a, run.startedAt().getEpochSecond())).toList());
            x.put("findings", about(p, concerns).stream().map(f -> {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("rule", f.ruleId());
                c.put("severity", f.severity().key());
                c.put("cluster", f.cluster());
                c.put("account", f.principal());
                c.put("message", f.message());
                return c;
            }).toList());
            list.add(x);
        }
        m.put("people", list);
        return m;
    }

    private static Map<String, Object> account(Account a, long asOf) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cluster", a.cluster());
        m.put("userId", a.userId());
        m.put("realm", a.realm());
        m.put("realmType", a.realmType());
        m.put("enabled", a.enabled());
        m.put("expire", a.expire());
        m.put("email", a.email());
        m.put("active", a.active());
        m.put("adminEquivalent", a.adminEquivalent());
        List<Map<String, Object>> tokens = new ArrayList<>();
        for (ApiToken t : a.tokens()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("id", t.id());
            x.put("expire", t.expire());
            x.put("expired", t.expiredAt(asOf));
            x.put("privsep", t.privsep());
            tokens.add(x);
        }
        m.put("tokens", tokens);
        return m;
    }
}
