// epubcheck 4 checks one EPUB per run, and each run starts a JVM (seconds on a busy machine):
// this checks every EPUB named on the command line in one JVM, errors and fatals only, and ends
// each file's report with a line "@@ epubcheck exit <status> <path>". Run it from source:
//   java -cp /usr/share/java/epubcheck.jar tests/helpers/EpubcheckBatch.java a.epub b.epub
import com.adobe.epubcheck.tool.EpubChecker;

public class EpubcheckBatch {
  public static void main(String[] paths) {
    // One stream, so that each message stays before its file's closing line.
    System.setErr(System.out);
    for (String path : paths) {
      int status = new EpubChecker().run(new String[] {path, "-e"});
      System.out.println("@@ epubcheck exit " + status + " " + path);
    }
  }
}
