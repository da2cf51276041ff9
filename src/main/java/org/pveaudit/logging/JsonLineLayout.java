package org.pveaudit.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import org.pveaudit.json.JsonText;

/**
 * One JSON object per line for log collectors:
 * {@code {"timestamp":"…Z","level":"INFO","logger":"…","thread":"…","message":"…"}} plus
 * {@code "exception"} (class, message and the first frames) when there is one.
 */
public class JsonLineLayout extends LayoutBase<ILoggingEvent> {

    private static final int MAX_FRAMES = 8;

    @Override
    public String doLayout(ILoggingEvent e) {
        StringBuilder b = new StringBuilder(256);
        b.append("{\"timestamp\":");
        quote(b, Instant.ofEpochMilli(e.getTimeStamp()).toString());
        b.append(",\"level\":");
        quote(b, e.getLevel().toString());
        b.append(",\"logger\":");
        quote(b, e.getLoggerName());
        b.append(",\"thread\":");
        quote(b, e.getThreadName());
        b.append(",\"message\":");
        quote(b, e.getFormattedMessage());
        IThrowableProxy t = e.getThrowableProxy();
        if (t != null) {
            StringBuilder text = new StringBuilder();
            text.append(t.getClassName()).append(": ").append(t.getMessage());
            StackTraceElementProxy[] frames = t.getStackTraceElementProxyArray();
            for (int i = 0; frames != null && i < Math.min(MAX_FRAMES, frames.length); i++) {
                text.append("\n\tat ").append(frames[i].getStackTraceElement());
            }
            b.append(",\"exception\":");
            quote(b, text.toString());
        }
        return b.append("}\n").toString();
    }

    private static void quote(StringBuilder b, String s) {
        JsonText.append(b, s);
    }
}
