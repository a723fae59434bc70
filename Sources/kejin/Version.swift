/// kejin's version: what `kejin --version` prints, and (read from there by `.ci/package`) the
/// Debian package's version. Raise it here only.
enum KejinVersion {
    static let current = "0.1.0"
}
