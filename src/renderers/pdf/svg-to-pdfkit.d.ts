/** The part of svg-to-pdfkit (which ships no types) the PDF edition calls: draws an SVG's shapes onto a pdfkit page. */
declare module 'svg-to-pdfkit' {
  export default function svgToPdfkit(
    doc: PDFKit.PDFDocument,
    svg: string,
    x: number,
    y: number,
    options: { width: number; height: number; assumePt?: boolean; preserveAspectRatio?: string },
  ): void;
}
