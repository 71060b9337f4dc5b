package shadowvisor.report;

/**
 * Escaping of text for HTML: every text that comes from outside the page's own markup (a guest's
 * name, a refusal's reason, the guest's console) goes through {@link #text} or {@link #attribute},
 * so that no guest output can become markup.
 */
public final class Html {
    private Html() {
    }

    /**
     * {@code s} as HTML text or attribute content: {@code & < > " '} as character references,
     * and the control characters other than tab, newline and carriage return (which HTML does not
     * allow) as U+FFFD. Null is the empty text.
     */
    public static String text(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    boolean control = (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') || (ch >= 0x7f && ch < 0xa0);
                    b.append(control ? '\uFFFD' : ch);
                }
            }
        }
        return b.toString();
    }

    /** {@code s} as the value of a quoted attribute: the same escaping as {@link #text}. */
    public static String attribute(String s) {
        return text(s);
    }
}
