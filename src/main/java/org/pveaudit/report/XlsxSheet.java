package org.pveaudit.report;

/** One sheet of {@code report.xlsx}. */
interface XlsxSheet {

    /** The sheet's name in the workbook (its tab). */
    String name();

    /**
     * Fills the sheet {@code name()} of the workbook behind {@code cells} ({@link XlsxCells#sheet}). Sheets are
     * written side by side: a sheet changes the workbook's or its own structure only through
     * {@link XlsxCells#structure} and {@link XlsxCells#finish}.
     */
    void write(XlsxCells cells, ReportData data);
}
