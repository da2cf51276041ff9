package org.pveaudit.config;

import jakarta.validation.ConstraintViolation;
import org.pveaudit.input.BoundedYaml;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.pveaudit.input.InputFileException;
import org.pveaudit.input.InputFiles;
import org.pveaudit.input.InputLimits;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.pveaudit.failure.Cause;

/**
 * Reads {@code pve-audit.yml} with Spring Boot's binder (the mechanism behind
 * {@code @ConfigurationProperties}) and validates it, without starting an application context,
 * so every command checks its configuration in milliseconds and reports mistakes as
 * {@code file:line:column: key: problem}.
 */
public final class AuditConfigLoader {

    private AuditConfigLoader() {
    }

    /**
     * Only {@code history.database} of the configuration: the reading commands need nothing else, so
     * they neither validate the clusters nor need the audit's secret files to be readable. A value
     * with a {@code ${...}} placeholder goes through the full {@link #load}, which resolves it.
     */
    public static HistoryConfig history(Path file) {
        if (Files.isDirectory(file)) {
            throw new ConfigException(file + ": is a directory, not a configuration file");
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(file + ": configuration file not found");
        }
        Object database;
        byte[] bytes;
        try {
            // SnakeYAML Engine directly: building a Jackson mapper or the binder costs more than this whole lookup
            bytes = InputFiles.read(file, InputLimits.MAX_YAML_BYTES);
            database = BoundedYaml.compose(file.toString(), bytes).map(top -> value(value(top, "history"), "database"))
                    .orElse(null);
        } catch (InputFileException e) {
            throw new ConfigException(e.getMessage());
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + Cause.of(e));
        }
        if (database == null) {
            return new HistoryConfig(null, null, null);
        }
        if (database.toString().contains("${") || database.toString().startsWith("jdbc:postgresql:")) {
            return historySection(file, bytes);
        }
        return new HistoryConfig(database.toString(), null, null);
    }

    /**
     * The {@code history} section bound and checked on its own (placeholders resolved, the PostgreSQL login
     * checked), without the clusters and their secret files.
     */
    private static HistoryConfig historySection(Path file, byte[] bytes) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        Iterable<ConfigurationPropertySource> props;
        HistoryConfig history;
        try {
            props = ConfigurationPropertySources.from(new YamlPropertySourceLoader().load(name,
                    new ByteArrayResource(bytes, file.toString())));
            history = new Binder(props, placeholders()).bind("history", Bindable.of(HistoryConfig.class))
                    .orElse(new HistoryConfig(null, null, null));
        } catch (BindException e) {
            throw new ConfigException(describe(file, e));
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(file + ": not valid YAML: " + firstLine(e.getMessage()));
        }
        Iterable<ConfigurationPropertySource> found = props;
        HistorySettingsValidator.check(history, key -> where(file, key, found), key -> raw(key, found));
        HistoryConfig resolved = history.resolvedAgainst(file.toAbsolutePath().getParent());
        HistorySettingsValidator.checkFiles(resolved, key -> where(file, key, found));
        return resolved;
    }

    /** The text under a key of a mapping node, or the mapping under it; null when absent or of another kind. */
    private static Object value(Object node, String key) {
        if (!(node instanceof MappingNode mapping)) {
            return null;
        }
        for (NodeTuple t : mapping.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                Node v = t.getValueNode();
                return v instanceof ScalarNode s ? (s.getTag().equals(Tag.NULL) ? null : s.getValue())
                        : v instanceof MappingNode ? v : null;
            }
        }
        return null;
    }

    public static AuditConfig load(Path file) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        if (Files.isDirectory(file)) {
            throw new ConfigException(file + ": is a directory, not a configuration file");
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(file + ": configuration file not found");
        }
        List<PropertySource<?>> sources;
        try {
            byte[] bytes = InputFiles.read(file, InputLimits.MAX_YAML_BYTES);
            // Spring's loader lifts every limit of SnakeYAML (aliases, size, recursive keys), so the text
            // is held to ours first; Spring then reads these same bytes, never the file again
            Node top = BoundedYaml.compose(file.toString(), bytes, InputLimits.MAX_CONFIG_VALUES).orElse(null);
            if (top != null) {
                new ConfigKeys(file).check(top);
            }
            sources = new YamlPropertySourceLoader().load(name, new ByteArrayResource(bytes, file.toString()));
        } catch (InputFileException e) {
            throw new ConfigException(e.getMessage());
        } catch (ConfigException e) {
            throw e;
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + Cause.of(e));
        } catch (RuntimeException e) {
            throw new ConfigException(file + ": not valid YAML: " + firstLine(e.getMessage()));
        }
        if (sources.isEmpty()) {
            throw new ConfigException(file + ": the file is empty");
        }
        Iterable<ConfigurationPropertySource> props = ConfigurationPropertySources.from(sources);
        AuditConfig config;
        try {
            config = new Binder(props, placeholders()).bind(ConfigurationPropertyName.EMPTY, Bindable.of(AuditConfig.class),
                    new NoUnboundElementsBindHandler(BindHandler.DEFAULT)).orElse(null);
        } catch (BindException e) {
            throw new ConfigException(describe(file, e));
        }
        if (config == null) {
            throw new ConfigException(file + ": no settings found");
        }
        validate(file, config, props);
        Path dir = file.toAbsolutePath().getParent();
        AuditConfig resolved = config.resolvedAgainst(dir);
        ApiSettingsValidator.checkFiles(file, resolved, key -> where(file, key, props));
        if (resolved.mail() != null) {
            MailSettingsValidator.checkFiles(resolved.mail(), key -> where(file, key, props));
        }
        HistorySettingsValidator.checkFiles(resolved.history(), key -> where(file, key, props));
        if (resolved.scaleOut() != null) {
            ScaleOutValidator.checkFiles(resolved.scaleOut(), key -> where(file, key, props));
        }
        return resolved;
    }

    /**
     * Resolves {@code ${NAME}} in values from Java system properties, then the environment (as
     * Spring does), so secrets can stay out of the file: {@code token-secret: ${PVE_TOKEN_SECRET}}.
     * Unresolved placeholders are left as written and reported by validation.
     */
    private static PropertySourcesPlaceholdersResolver placeholders() {
        return new PropertySourcesPlaceholdersResolver(new StandardEnvironment().getPropertySources());
    }

    private static void validate(Path file, AuditConfig config, Iterable<ConfigurationPropertySource> props) {
        try (ValidatorFactory factory = Validation.byDefaultProvider().configure()
                .messageInterpolator(new org.hibernate.validator.messageinterpolation
                        .ParameterMessageInterpolator()).buildValidatorFactory()) {
            Validator validator = factory.getValidator();
            Set<ConstraintViolation<AuditConfig>> violations = validator.validate(config);
            violations.stream().min(Comparator.comparing(v -> v.getPropertyPath().toString()))
                    .ifPresent(v -> {
                        String key = toKey(v.getPropertyPath().toString());
                        throw new ConfigException(where(file, key, props) + key + ": " + v.getMessage());
                    });
            for (int i = 0; i < config.clusters().size(); i++) {
                ClusterConfig c = config.clusters().get(i);
                String prefix = "clusters[" + i + "]";
                if (c.source() == null) {
                    if (config.scaleOut() == null || c.site().equals(ClusterConfig.LOCAL_SITE)) {
                        // the setting is absent: the line of the cluster it is missing from
                        throw new ConfigException(where(file, prefix + ".name", props) + prefix
                                + ".source: must be one of snapshot, usercfg, api"
                                + (config.scaleOut() == null ? "" : " (only a cluster of a remote site may leave "
                                + "it to the site's workers)"));
                    }
                    duplicate(file, config, i, props);
                    continue; // read by a worker of its site, with the worker's settings
                }
                String missing = switch (c.source()) {
                    case SNAPSHOT -> c.path() == null ? "path" : null;
                    case USERCFG -> c.userCfg() == null ? "user-cfg" : null;
                    case API -> c.endpoints().isEmpty() ? "endpoints" : null;
                };
                if (missing != null) {
                    throw new ConfigException(where(file, prefix + ".source", props) + prefix + "." + missing
                            + ": required for source '" + c.source().name().toLowerCase() + "'");
                }
                DeclaredConfig d = c.declared();
                if (d != null && (d.terraformState() == null) == (d.file() == null)) {
                    throw new ConfigException(where(file, prefix + ".declared", props) + prefix
                            + ".declared: set one of terraform-state or file");
                }
                if (c.source() == ClusterConfig.SourceKind.API) {
                    ApiSettingsValidator.check(file, prefix, c, key -> where(file, key, props),
                            key -> raw(key, props));
                }
                duplicate(file, config, i, props);
            }
            HistorySettingsValidator.check(config.history(), key -> where(file, key, props), key -> raw(key, props));
            if (config.mail() != null) {
                MailSettingsValidator.check(config.mail(), key -> where(file, key, props), key -> raw(key, props));
            }
            if (config.scaleOut() != null) {
                ScaleOutValidator.check(config.scaleOut(), key -> where(file, key, props), key -> raw(key, props));
            }
        }
    }

    private static void duplicate(Path file, AuditConfig config, int i, Iterable<ConfigurationPropertySource> props) {
        ClusterConfig c = config.clusters().get(i);
        for (int j = 0; j < i; j++) {
            if (config.clusters().get(j).name().equals(c.name())) {
                throw new ConfigException(where(file, "clusters[" + i + "].name", props) + "clusters[" + i
                        + "].name: duplicate cluster name '" + c.name() + "'");
            }
        }
    }

    /** Turns a bean-validation path such as {@code clusters[0].userCfg} into the file's key {@code clusters[0].user-cfg}. */
    static String toKey(String propertyPath) {
        return propertyPath.replaceAll("<list element>", "").replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase();
    }

    /** The value as written in the file, before placeholders are resolved (null when not set). */
    private static String raw(String key, Iterable<ConfigurationPropertySource> props) {
        ConfigurationPropertyName name = ConfigurationPropertyName.of(key);
        for (ConfigurationPropertySource source : props) {
            var property = source.getConfigurationProperty(name);
            if (property != null && property.getValue() != null) {
                return property.getValue().toString();
            }
        }
        return null;
    }

    private static String where(Path file, String key, Iterable<ConfigurationPropertySource> props) {
        ConfigurationPropertyName name = ConfigurationPropertyName.of(key);
        for (ConfigurationPropertySource source : props) {
            var property = source.getConfigurationProperty(name);
            if (property != null && property.getOrigin() != null) {
                return originText(file, property.getOrigin());
            }
        }
        // a section such as "mail": the first setting written inside it
        for (ConfigurationPropertySource source : props) {
            if (source instanceof org.springframework.boot.context.properties.source.IterableConfigurationPropertySource it) {
                var inside = it.stream().filter(name::isAncestorOf).findFirst().map(it::getConfigurationProperty);
                if (inside.isPresent() && inside.get().getOrigin() != null) {
                    return originText(file, inside.get().getOrigin());
                }
            }
        }
        return file + ": ";
    }

    private static String describe(Path file, BindException e) {
        Throwable cause = e.getCause();
        if (cause instanceof UnboundConfigurationPropertiesException unbound) {
            var p = unbound.getUnboundProperties().iterator().next();
            return originText(file, p.getOrigin()) + p.getName() + ": unknown setting";
        }
        var property = e.getProperty();
        String key = property != null ? property.getName().toString() : e.getName().toString();
        String value = property != null && property.getValue() != null ? " '" + property.getValue() + "'" : "";
        String at = property != null && property.getOrigin() != null ? originText(file, property.getOrigin())
                : file + ": ";
        Class<?> type = e.getTarget().getType().resolve();
        String why;
        if (type != null && type.isEnum()) {
            why = "is not one of " + String.join(", ", java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> c.toString().toLowerCase(java.util.Locale.ROOT)).toList());
        } else if (type != null) {
            why = "is not " + kindOf(type);
        } else {
            why = cause == null ? "is not valid" : firstLine(cause.getMessage());
        }
        return at + key + ":" + value + " " + why;
    }

    /** What a value of the type looks like, in the words of the configuration, not of Java. */
    private static String kindOf(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == java.time.Duration.class) {
            return "a duration such as 30s, 5m or PT1H";
        }
        if (type == org.springframework.util.unit.DataSize.class) {
            return "a size such as 512KB or 10MB";
        }
        return "a valid " + type.getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    private static String originText(Path file, Origin origin) {
        String text = origin == null ? "" : origin.toString();
        // TextResourceOrigin prints "class path resource [x] - 3:7" or "file [x] - 3:7"
        int dash = text.lastIndexOf(" - ");
        return file + (dash >= 0 ? ":" + text.substring(dash + 3) : "") + ": ";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl >= 0 ? s.substring(0, nl) : s).strip();
    }
}
