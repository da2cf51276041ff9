package org.pveaudit.declared;

import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.pveaudit.model.AclEntry;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.StreamDataWriter;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.NonPrintableStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.emitter.Emitter;
import org.snakeyaml.engine.v2.events.DocumentEndEvent;
import org.snakeyaml.engine.v2.events.DocumentStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ImplicitTuple;
import org.snakeyaml.engine.v2.events.MappingEndEvent;
import org.snakeyaml.engine.v2.events.MappingStartEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.events.SequenceEndEvent;
import org.snakeyaml.engine.v2.events.SequenceStartEvent;
import org.snakeyaml.engine.v2.events.StreamEndEvent;
import org.snakeyaml.engine.v2.events.StreamStartEvent;

/**
 * Writes a {@link DeclaredAccess} as the {@code declared-access.yml} that {@link DeclaredAccessFile} reads back
 * equal. Names come from a cluster and may hold quotes, line breaks, {@code #} or YAML indicators, so every
 * text is a double-quoted scalar escaped by SnakeYAML Engine's emitter, never concatenated by hand.
 */
public final class DeclaredAccessYaml {

    /** Plain scalars (keys, booleans, numbers): resolved by the core schema, as the reader expects. */
    private static final ImplicitTuple PLAIN = new ImplicitTuple(true, false);
    /** Quoted scalars: always a string, whatever the text looks like ({@code true}, {@code 0}, {@code null}). */
    private static final ImplicitTuple QUOTED = new ImplicitTuple(false, true);

    private DeclaredAccessYaml() {
    }

    /** The file: a header of comments saying where it comes from, then every section, empty ones as {@code []}. */
    public static String write(DeclaredAccess access, ExportOrigin origin) {
        StringWriter text = new StringWriter();
        for (String line : origin.header()) {
            text.append("# ").append(line).append('\n');
        }
        Document d = new Document(text);
        d.emit(new StreamStartEvent());
        d.emit(new DocumentStartEvent(false, Optional.empty(), Map.of()));
        d.emit(new MappingStartEvent(Optional.empty(), Optional.empty(), true, FlowStyle.BLOCK));
        d.section("users", access.users(), (u, m) -> {
            m.text("id", u.id());
            m.flag("enabled", u.enabled());
            m.number("expire", u.expire());
        });
        d.section("groups", access.groups(), (g, m) -> {
            m.text("id", g.id());
            m.texts("members", List.copyOf(g.members()));
        });
        d.section("roles", access.roles(), (r, m) -> {
            m.text("id", r.id());
            m.texts("privileges", List.copyOf(r.privileges()));
        });
        d.section("acl", access.acl(), (AclEntry e, Document m) -> {
            m.text("path", e.path());
            m.text("principal", e.principal().spelling());
            m.text("role", e.role());
            m.flag("propagate", e.propagate());
        });
        d.section("tokens", access.tokens(), (t, m) -> {
            m.text("id", t.id());
            m.number("expire", t.expire());
            m.flag("privsep", t.privsep());
        });
        d.section("allow", access.allow(), (a, m) -> {
            m.text("principal", a.principal());
            m.text("role", a.role());
            m.text("path", a.path());
        });
        d.emit(new MappingEndEvent());
        d.emit(new DocumentEndEvent(false));
        d.emit(new StreamEndEvent());
        return text.toString();
    }

    /** The emitter writing one document: sections of items, each item a block mapping of fixed keys. */
    private static final class Document {

        private final Emitter emitter;

        Document(StringWriter text) {
            DumpSettings settings = DumpSettings.builder().setIndent(2).setIndicatorIndent(2)
                    .setIndentWithIndicator(true)
                    // long names stay on one line: a folded quoted scalar is valid but hard to review in a diff
                    .setWidth(Integer.MAX_VALUE).setSplitLines(false)
                    // control characters as \x escapes, never as a !!binary value the reader would refuse
                    .setNonPrintableStyle(NonPrintableStyle.ESCAPE)
                    // all but printable ASCII escaped: a reviewer sees what the name is, with no look-alike letter,
                    // bidirectional override or line separator (U+2028) to make one name pass for another
                    .setUseUnicodeEncoding(false).build();
            this.emitter = new Emitter(settings, new StreamDataWriter() {
                @Override
                public void write(String str) {
                    text.write(str);
                }

                @Override
                public void write(String str, int off, int len) {
                    text.write(str, off, len);
                }
            });
        }

        void emit(Event event) {
            emitter.emit(event);
        }

        <T> void section(String key, List<T> items, BiConsumer<T, Document> fields) {
            key(key);
            emit(new SequenceStartEvent(Optional.empty(), Optional.empty(), true,
                    items.isEmpty() ? FlowStyle.FLOW : FlowStyle.BLOCK));
            for (T item : items) {
                emit(new MappingStartEvent(Optional.empty(), Optional.empty(), true, FlowStyle.BLOCK));
                fields.accept(item, this);
                emit(new MappingEndEvent());
            }
            emit(new SequenceEndEvent());
        }

        void text(String key, String value) {
            key(key);
            quoted(value);
        }

        void texts(String key, List<String> values) {
            key(key);
            emit(new SequenceStartEvent(Optional.empty(), Optional.empty(), true, FlowStyle.FLOW));
            values.forEach(this::quoted);
            emit(new SequenceEndEvent());
        }

        void flag(String key, boolean value) {
            key(key);
            plain(String.valueOf(value));
        }

        void number(String key, long value) {
            key(key);
            plain(String.valueOf(value));
        }

        private void key(String key) {
            plain(key);
        }

        private void plain(String value) {
            emit(new ScalarEvent(Optional.empty(), Optional.empty(), PLAIN, value, ScalarStyle.PLAIN));
        }

        private void quoted(String value) {
            emit(new ScalarEvent(Optional.empty(), Optional.empty(), QUOTED, value, ScalarStyle.DOUBLE_QUOTED));
        }
    }
}
