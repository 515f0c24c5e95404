import Foundation
import VishSyntax

/// Paths relative to the session's location, and file reading for cmdlets.
enum FileSystem {
    static func resolve(_ path: String, _ c: ExecutionContext) -> String {
        var p = path
        if p.hasPrefix("~") { p = (ProcessInfo.processInfo.environment["HOME"] ?? "/") + p.dropFirst() }
        p = p.replacingOccurrences(of: "\\", with: "/")
        if !p.hasPrefix("/") { p = (c.currentDirectory as NSString).appendingPathComponent(p) }
        return (p as NSString).standardizingPath
    }

    static func readText(_ path: String, _ c: ExecutionContext, _ position: ErrorPosition) throws -> String {
        let full = resolve(path, c)
        guard let data = FileManager.default.contents(atPath: full) else {
            throw itemNotFound(path, full, position)
        }
        return SourceDecoding.decode([UInt8](data))
    }

    static func readLines(_ path: String, _ c: ExecutionContext, _ position: ErrorPosition) throws -> [String] {
        var lines = try readText(path, c, position).components(separatedBy: "\n").map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    static func itemNotFound(_ path: String, _ full: String, _ position: ErrorPosition) -> ErrorRecord {
        ErrorRecord("System.Management.Automation.ItemNotFoundException",
                    "Cannot find path '\(full)' because it does not exist.",
                    id: "PathNotFound", category: .objectNotFound, target: .string(full), position: position)
    }
}

enum SourceDecoding {
    static func decode(_ bytes: [UInt8]) -> String { SourceFile.decode(bytes) }
}

/// Text collected by a formatter writing to a file.
final class TextBuffer {
    var text = ""
}

/// Output redirected to a file (`> file`, `>> file`), formatted as Out-File does.
final class FileSink: Sink {
    let path: String
    let append: Bool
    let buffer = TextBuffer()
    let formatter: OutputFormatter

    init(path: String, append: Bool) {
        self.path = path
        self.append = append
        let b = buffer
        self.formatter = OutputFormatter(width: 120, write: { b.text += $0 }, writeError: { b.text += $0 })
    }

    func emit(_ value: Value) { formatter.process(value) }

    func close() throws {
        formatter.finish()
        let data = Data(buffer.text.utf8)
        if append, let h = FileHandle(forWritingAtPath: path) {
            h.seekToEndOfFile()
            h.write(data)
            try h.close()
        } else {
            FileManager.default.createFile(atPath: path, contents: data)
        }
    }
}

enum Redirections {
    /// Where a command's success output goes given its redirections.
    static func outputSink(_ redirections: [RedirectionSpec], _ s: Scope, _ next: Sink) throws -> Sink {
        for r in redirections where r.redirection.mergeTo == nil && (r.redirection.from == .output || r.redirection.from == .all) {
            let target = try r.target.map { try $0.eval(s) } ?? .null
            if target.isNull { return NullSink.shared }
            let path = FileSystem.resolve(Convert.toString(target, ConversionContext()), s.context)
            guard s.context.allowFileWrites else {
                throw ErrorRecord("System.UnauthorizedAccessException", "Access to the path '\(path)' is denied.",
                                  id: "UnauthorizedAccess", category: .permissionDenied, target: .string(path))
            }
            return FileSink(path: path, append: r.redirection.append)
        }
        return next
    }

    /// Runs `body` with the error and other streams redirected as asked (`2>$null`,
    /// `2>&1`, `3>&1`, `*>$null`).
    static func withErrorRedirection(_ redirections: [RedirectionSpec], _ s: Scope, _ output: Sink, _ body: () throws -> Void) throws {
        let streams = redirections.filter { $0.redirection.from != .output }
        guard !streams.isEmpty else { return try body() }
        let c = s.context!
        let savedError = c.errorRedirect
        let savedStreams = c.streamRedirects
        defer {
            c.errorRedirect = savedError
            c.streamRedirects = savedStreams
        }
        for r in streams {
            let how: ExecutionContext.ErrorRedirect = r.redirection.mergeTo != nil ? .merge(output) : .discard
            let from = r.redirection.from
            if from == .error || from == .all { c.errorRedirect = how }
            for n in 3...6 where from == .all || from.rawValue == n { c.streamRedirects[n] = how }
        }
        try body()
    }
}
