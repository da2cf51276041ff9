package org.pveaudit.report;

/** One sheet of {@code report.xlsx}. */
interface XlsxSheet {

    /** Adds the sheet to the workbook behind {@code cells}. */
    void write(XlsxCells cells, ReportData data);
}
