/// A variable's name as written after `$`: `x`, `script:x`, `env:PATH`, `{a b}` (braces
/// stripped). PowerShell treats the part before the first `:` as a scope or drive.
public struct VariablePath: Hashable, Sendable, CustomStringConvertible {
    /// The path as the user wrote it (without `$`, `@` or braces).
    public let userPath: String
    /// `global`, `script`, `local`, `private`, `using`, a drive such as `env`, or nil.
    public let qualifier: String?
    /// The name without its qualifier.
    public let name: String

    public init(_ userPath: String) {
        self.userPath = userPath
        if let colon = userPath.firstIndex(of: ":"), colon != userPath.startIndex {
            qualifier = String(userPath[..<colon])
            name = String(userPath[userPath.index(after: colon)...])
        } else {
            qualifier = nil
            name = userPath
        }
    }

    public var description: String { userPath }

    /// True for `$script:x` style scope qualifiers (as opposed to drives like `env:`).
    public var isScopeQualified: Bool {
        guard let q = qualifier?.lowercased() else { return false }
        return q == "global" || q == "script" || q == "local" || q == "private" || q == "using"
    }

    public var isDriveQualified: Bool { qualifier != nil && !isScopeQualified }
}
