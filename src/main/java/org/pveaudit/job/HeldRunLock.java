package org.pveaudit.job;

/** A run lock this process holds until {@link #close()}: a lock file's, or PostgreSQL's advisory lock. */
public interface HeldRunLock extends AutoCloseable {

    /** Releases the lock (a process that ends releases it in any case). */
    @Override
    void close();
}
