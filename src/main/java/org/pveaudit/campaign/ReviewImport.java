package org.pveaudit.campaign;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Set;
import org.pveaudit.failure.Cause;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.history.ReviewStore;
import org.pveaudit.input.InputFileException;
import org.pveaudit.input.InputFiles;
import org.pveaudit.input.InputLimits;
import org.pveaudit.review.Campaign;

/**
 * Imports a filled review workbook: checked as a whole ({@link FilledWorkbook}), then its decisions recorded in
 * one transaction with the file's SHA-256 and who imported it; a workbook with any problem stores nothing.
 *
 * @param importedBy who ran the import (the operating system's user)
 * @param clock      today, for dates in the future
 */
public record ReviewImport(Path file, String importedBy, Clock clock) {

    /** What an import recorded. */
    public record Imported(Campaign campaign, int decisions, Set<String> reviewers, ReviewStore.Import trail) {
    }

    public Imported run(AuditHistory history) {
        byte[] bytes;
        try {
            bytes = InputFiles.read(file, InputLimits.MAX_WORKBOOK_BYTES);
        } catch (InputFileException e) {
            throw new ReviewInputException(e.getMessage());
        } catch (IOException e) {
            throw new ReviewInputException(file + ": cannot read: " + Cause.of(e));
        }
        String name = String.valueOf(file.getFileName());
        FilledWorkbook.Answers answers = FilledWorkbook.check(name, bytes, history.reviews(), clock);
        ReviewStore.Import trail = history.reviews().recordImport(answers.campaign().id(), importedBy, name,
                sha256(bytes), answers.reviewers(), answers.decisions());
        return new Imported(answers.campaign(), answers.decisions().size(), answers.reviewers(), trail);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
