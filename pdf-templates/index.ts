/**
 * Every printed document by name: the renderer receives a name and the document's data (plain JSON) and
 * builds the pdfmake definition where it renders. A definition cannot be posted to another thread itself:
 * its page header and footer, table layouts and page-break rule are functions.
 */
import { agendaDocument } from "./agenda";
import { catalogDocument } from "./catalog";
import { ledgerDocument } from "./ledger";
import { monthlyReportDocument } from "./monthly-report";
import { opinionsDocument } from "./opinions";

export const PDF_TEMPLATES = {
  catalog: catalogDocument,
  agenda: agendaDocument,
  opinions: opinionsDocument,
  ledger: ledgerDocument,
  "monthly-report": monthlyReportDocument,
} as const;

export type PdfTemplate = keyof typeof PDF_TEMPLATES;
export type PdfTemplateData<T extends PdfTemplate> = Parameters<(typeof PDF_TEMPLATES)[T]>[0];
