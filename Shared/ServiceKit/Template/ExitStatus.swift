/// The exit statuses every service uses (sysexits.h), so a supervisor can tell a fix-the-settings
/// stop from a fix-the-disk stop without reading logs.
public enum ExitStatus: Int32, Sendable {
    /// Stopped by SIGTERM/SIGINT after draining.
    case success = 0
    /// Startup failed for a reason neither below (a bug, a missing bundled resource).
    case software = 70
    /// A store or inbox would not open (EX_CANTCREAT).
    case storage = 73
    /// A setting is missing or invalid, or the config file cannot be read (EX_CONFIG).
    case configuration = 78
}
