package org.pveaudit.source;

/**
 * A value in Proxmox API JSON that cannot be what Proxmox writes (a list where a text belongs, an
 * {@code enable} of 2, a negative expiry). Carries the JSON pointer of the value, relative to the
 * node that was mapped, so a snapshot file can name the line and column.
 */
public final class MappingException extends IllegalArgumentException {

    private final String pointer;
    private final String problem;

    public MappingException(String pointer, String problem) {
        super(describe(pointer, problem));
        this.pointer = pointer;
        this.problem = problem;
    }

    /** The JSON pointer of the value ({@code /3/email}); empty for the mapped node itself. */
    public String pointer() {
        return pointer;
    }

    /** The same problem one level further out: {@code /email} of item 3 becomes {@code /3/email}. */
    public MappingException within(String step) {
        return new MappingException("/" + step + pointer, problem);
    }

    private static String describe(String pointer, String problem) {
        if (pointer.isEmpty()) {
            return problem;
        }
        String[] steps = pointer.substring(1).split("/");
        StringBuilder where = new StringBuilder();
        for (int i = steps.length - 1; i >= 0; i--) {
            String s = steps[i].replace("~1", "/").replace("~0", "~");
            where.append(where.isEmpty() ? "" : " of ")
                    .append(s.chars().allMatch(c -> c >= '0' && c <= '9') && !s.isEmpty() && s.length() < 10
                            ? "item " + (Long.parseLong(s) + 1) : "field '" + s + "'");
        }
        return where + ": " + problem;
    }
}
