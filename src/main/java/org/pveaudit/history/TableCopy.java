package org.pveaudit.history;

/** One table of a history migration: its rows and digest in the source and in the target. */
public record TableCopy(String table, long sourceRows, long targetRows, String sourceDigest, String targetDigest) {

    /** Whether the target holds exactly the source's rows. */
    public boolean matches() {
        return sourceRows == targetRows && sourceDigest.equals(targetDigest);
    }
}
