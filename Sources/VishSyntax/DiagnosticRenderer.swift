/// Renders diagnostics for people: `file:line:col: error: message`, the source line, and
/// `~~~` under the offending range (a `^` where the range is empty).
public enum DiagnosticRenderer {
    public static func render(_ diagnostic: Diagnostic, in source: SourceFile) -> String {
        let start = source.location(of: diagnostic.range.start)
        var out = "\(source.name):\(start.line):\(start.column): error: \(diagnostic.message)\n"
        out += underline(diagnostic.range, in: source)
        return out
    }

    public static func render(_ diagnostics: [Diagnostic], in source: SourceFile) -> String {
        diagnostics.map { render($0, in: source) }.joined()
    }

    /// The source line of `range.start` with a marker line under it. Tabs in the source
    /// are repeated in the marker's indentation so the marks line up in any tab width.
    public static func underline(_ range: SourceRange, in source: SourceFile) -> String {
        let start = source.location(of: range.start)
        let line = source.lineText(start.line)
        let scalars = Array(line.unicodeScalars)
        var marker = ""
        for i in 0..<min(start.column - 1, scalars.count) {
            marker.append(scalars[i] == "\t" ? "\t" : " ")
        }
        let end = source.location(of: range.end)
        let lastColumn = end.line == start.line ? end.column : scalars.count + 1
        let width = lastColumn - start.column
        marker += width > 0 ? String(repeating: "~", count: width) : "^"
        return line + "\n" + marker + "\n"
    }
}
