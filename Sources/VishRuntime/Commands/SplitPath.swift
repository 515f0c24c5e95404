import Foundation

/// Split-Path as pwsh does it on Unix: separators shown as `/`, a drive qualifier
/// (`env:`, `C:`, a New-PSDrive name) split off by -Qualifier/-NoQualifier and counted as
/// absolute, `~` not absolute, and -Resolve splitting each path a wildcard resolves to.
final class SplitPath: NativeCommand {
    override func processRecord(_ input: Value?) throws {
        for raw in strings("Path") ?? [] {
            let normalized = raw.replacingOccurrences(of: "\\", with: "/")
            if switchOn("Resolve") {
                let found = FileCommands.expand(normalized, context).filter { FileManager.default.fileExists(atPath: $0) }
                if found.isEmpty {
                    try writeError(error("Cannot find path '\(FileSystem.resolve(normalized, context))' because it does not exist.",
                                         id: "PathNotFound", category: .objectNotFound, target: .string(raw),
                                         exception: "System.Management.Automation.ItemNotFoundException"))
                    continue
                }
                for path in found { try split(path) }
            } else {
                try split(normalized)
            }
        }
    }

    /// `name:` at the start of a path (not a provider's `name::`), if any.
    static func qualifier(_ path: String) -> String? {
        guard let colon = path.firstIndex(of: ":"), colon > path.startIndex else { return nil }
        let name = path[..<colon]
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }),
              path[path.index(after: colon)...].first != ":" else { return nil }
        return String(name) + ":"
    }

    private func split(_ path: String) throws {
        let leaf = path.hasSuffix("/") && path.count > 1 ? ((String(path.dropLast())) as NSString).lastPathComponent
                                                         : (path as NSString).lastPathComponent
        let qualifier = Self.qualifier(path)
        if switchOn("Leaf") {
            try writeObject(.string(leaf))
        } else if switchOn("LeafBase") {
            try writeObject(.string((leaf as NSString).deletingPathExtension))
        } else if switchOn("Extension") {
            let ext = (leaf as NSString).pathExtension
            try writeObject(.string(ext.isEmpty ? "" : "." + ext))
        } else if switchOn("IsAbsolute") {
            try writeObject(.bool(path.hasPrefix("/") || qualifier != nil))
        } else if switchOn("Qualifier") {
            guard let qualifier else {
                try writeError(error("Cannot parse path because path '\(path)' does not have a qualifier specified.",
                                     id: "ParsePathError", category: .invalidArgument, target: .string(path),
                                     exception: "System.Management.Automation.PSArgumentException"))
                return
            }
            try writeObject(.string(qualifier))
        } else if switchOn("NoQualifier") {
            try writeObject(.string(qualifier.map { String(path.dropFirst($0.count)) } ?? path))
        } else {
            guard let slash = path.dropLast(path.hasSuffix("/") ? 1 : 0).lastIndex(of: "/") else {
                try writeObject(.string(""))
                return
            }
            let parent = String(path[..<slash])
            // A drive's root keeps its separator (`C:/`), as the filesystem root does (`/`).
            if parent.isEmpty { try writeObject(.string("/")) } else if Self.qualifier(parent) == parent {
                try writeObject(.string(parent + "/"))
            } else {
                try writeObject(.string(parent))
            }
        }
    }
}
