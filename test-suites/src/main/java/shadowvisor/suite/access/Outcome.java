package shadowvisor.suite.access;

/**
 * What the guest observed for one combination, or what the model allows it to observe: the
 * trap the probe ended with (an SVC of the probe code when the access did not trap), its
 * value and detail (spec section 4), and the low bits of the PDE and the PTE afterwards.
 *
 * @param cause  the trap cause code: 3 (SVC) when the access succeeded, 6 (PAGE) when it faulted
 * @param value  the trap value: the SVC number of the probe (0 after a read or write, 1 from the
 *               fetched page), or the faulting linear address
 * @param detail the trap detail: access bits P (1), W (2), U (4), F (8)
 * @param pde    the PDE's low five bits after the access
 * @param pte    the PTE's low five bits after the access
 */
public record Outcome(int cause, int value, int detail, int pde, int pte) {
    public static final int SVC = 3;
    public static final int PAGE = 6;
    public static final int ACC_P = 1;
    public static final int ACC_W = 2;
    public static final int ACC_U = 4;
    public static final int ACC_F = 8;

    @Override
    public String toString() {
        String trap = switch (cause) {
            case SVC -> "no fault (svc " + value + ")";
            case PAGE -> "PAGE value=0x" + Integer.toHexString(value) + " detail=" + detail(detail);
            default -> "cause " + cause + " value=0x" + Integer.toHexString(value) + " detail=" + detail(detail);
        };
        return trap + ", then pde=" + Combination.bits(pde) + " pte=" + Combination.bits(pte);
    }

    /** The detail's access bits by name: {@code P|W|U}, or {@code 0}. */
    static String detail(int d) {
        StringBuilder sb = new StringBuilder();
        String[] names = {"P", "W", "U", "F"};
        for (int i = 0; i < names.length; i++) {
            if ((d & 1 << i) != 0) {
                sb.append(sb.length() > 0 ? "|" : "").append(names[i]);
            }
        }
        return sb.length() == 0 ? "0" : sb.toString();
    }
}
