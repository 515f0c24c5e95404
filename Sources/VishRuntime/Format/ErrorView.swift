import Foundation
import VishSyntax

/// pwsh 7's ConciseView, in plain text (what it prints with colour off):
///
///     Get-Foo: /tmp/x.ps1:3
///     Line |
///        3 |  Get-Foo -Name x
///          |  ~~~~~~~
///          | The term 'Get-Foo' is not recognized as a name of a cmdlet, …
///
/// Errors positioned in a script file (or on a later line of a command) get the `Line |`
/// block and a message wrapped to the width; others print as `Reason: message`.
public enum ErrorView {
    public static func render(_ r: ErrorRecord, width: Int) -> String {
        let reason = self.reason(r)
        guard let source = r.position.source, let range = r.position.range else {
            return "\(reason): \(r.detailsMessage ?? r.message)\n"
        }
        let start = source.location(of: range.start)
        let inFile = !source.name.hasPrefix("<")
        let isParse = r.category == .parserError
        guard inFile || start.line > 1 || isParse else {
            return "\(reason): \(r.detailsMessage ?? r.message)\n"
        }
        var out = inFile ? "\(reason): \(source.name):\(start.line)\n" : "\(reason): \n"
        let digits = String(start.line).count
        let extra = String(repeating: " ", count: max(0, digits - 4))
        let gutter = extra + String(repeating: " ", count: max(0, 4 - digits)) + String(start.line) + " | "
        let prefix = extra + "     | "
        let (line, marks) = positionLines(source, range)
        out += extra + "Line |\n"
        out += gutter + " " + line + "\n"
        out += prefix + " " + marks + "\n"
        if inFile || isParse {
            for l in wrap(r.detailsMessage ?? r.message, prefix: prefix, width: width) { out += l + "\n" }
            out += "\n"
        } else {
            out += prefix + (r.detailsMessage ?? r.message) + "\n"
        }
        return out
    }

    /// The "Xxx" before the colon.
    static func reason(_ r: ErrorRecord) -> String {
        if r.wasThrown { return "Exception" }
        if let c = r.commandName, !c.isEmpty { return c }
        if let a = r.activity, !a.isEmpty { return a }
        if let n = r.invocationName, !n.isEmpty { return n }
        if r.category != .notSpecified { return r.category.rawValue }
        return r.exceptionShortName
    }

    /// The source line (trailing blanks removed, tabs as four spaces) and the `~~~`
    /// under the range (to the end of the line if it spans lines; one `~` if empty).
    static func positionLines(_ source: SourceFile, _ range: SourceRange) -> (String, String) {
        let start = source.location(of: range.start)
        let end = source.location(of: range.end)
        var raw = source.lineText(start.line)
        while raw.last == " " || raw.last == "\t" { raw.removeLast() }
        var line = ""
        var markStart = 0
        var markEnd = 0
        var column = 1
        for ch in raw {
            if column == start.column { markStart = line.count }
            if end.line == start.line && column == end.column { markEnd = line.count }
            if ch == "\t" { line += "    " } else { line.append(ch) }
            column += 1
        }
        if start.column >= column { markStart = line.count }
        if end.line != start.line || end.column >= column { markEnd = line.count }
        let length = max(1, markEnd - markStart)
        return (line, String(repeating: " ", count: markStart) + String(repeating: "~", count: length))
    }

    /// pwsh's error message wrapping: newlines become spaces; lines break at the last
    /// blank that fits in `width`, each prefixed with `     | `.
    static func wrap(_ message: String, prefix: String, width: Int) -> [String] {
        let text = message.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(of: "\t", with: " ")
        func cut(_ s: String, _ n: Int) -> String {
            if s.count <= n { return s }
            let head = String(s.prefix(n))
            if let space = head.lastIndex(where: { $0 == " " }) { return String(head[..<space]) }
            return head
        }
        var lines: [String] = []
        let full = prefix + text
        if full.count <= width { return [full] }
        let first = cut(full, width)
        lines.append(first)
        var rest = String(full.dropFirst(first.count)).trimmingCharacters(in: .whitespaces)
        while rest.count + prefix.count > width {
            let piece = cut(prefix + rest, width)
            lines.append(piece)
            rest = String(rest.dropFirst(max(1, piece.count - prefix.count))).trimmingCharacters(in: .whitespaces)
        }
        lines.append(prefix + rest)
        return lines
    }

    /// `$err.InvocationInfo.PositionMessage`.
    static func positionMessage(_ r: ErrorRecord) -> String {
        guard let source = r.position.source, let range = r.position.range else { return "" }
        let start = source.location(of: range.start)
        let (line, marks) = positionLines(source, range)
        let place = source.name.hasPrefix("<") ? "line" : source.name
        return "At \(place):\(start.line) char:\(start.column)\n+ \(line)\n+ \(marks)"
    }
}
