/// Reads CSV text the way pwsh's ImportCsvHelper does (Import-Csv, ConvertFrom-Csv):
/// a character at a time, so that a quoted field may hold delimiters and newlines, with
/// its leniencies (leading blanks dropped, text after a closing quote kept, a quote inside
/// an unquoted field taken literally) and its header rules (an optional `#TYPE` line,
/// comment lines before the header, W3C `#Fields: ` headers).
struct CsvReader {
    private let text: [Unicode.Scalar]
    private var at = 0
    private let delimiter: Unicode.Scalar

    init(_ text: String, delimiter: Character) {
        self.text = Array(text.unicodeScalars)
        self.delimiter = delimiter.unicodeScalars.first ?? ","
    }

    var atEnd: Bool { at >= text.count }

    private mutating func next() -> Unicode.Scalar {
        defer { at += 1 }
        return text[at]
    }

    private func peek(_ c: Unicode.Scalar) -> Bool { at < text.count && text[at] == c }

    /// `\r`, `\n` or `\r\n` starting with `c` (already read), consumed.
    private mutating func newline(after c: Unicode.Scalar) -> String? {
        if c == "\r" {
            if peek("\n") { at += 1; return "\r\n" }
            return "\r"
        }
        return c == "\n" ? "\n" : nil
    }

    private mutating func line() -> String {
        var s = String.UnicodeScalarView()
        while !atEnd {
            let c = next()
            if newline(after: c) != nil { break }
            s.append(c)
        }
        return String(s)
    }

    /// The `#TYPE name` line, when the text starts with `#` (that line is consumed either way).
    mutating func typeInformation() -> String? {
        guard peek("#") else { return nil }
        let l = line()
        guard l.lowercased().hasPrefix("#type") else { return nil }
        let name = l.dropFirst(5).trimmingCharacters(in: .whitespaces)
        return name.isEmpty ? nil : name
    }

    /// The header record: comment lines are skipped; trailing empty names are dropped.
    mutating func header() -> [String]? {
        while !atEnd {
            var values = record()
            while values.count > 1 && values.last == "" { values.removeLast() }
            if let first = values.first, first.hasPrefix("#Fields: ") {
                values[0] = String(first.dropFirst(9))
                return values
            }
            if let first = values.first, first.hasPrefix("#") { continue }
            return values
        }
        return nil
    }

    /// The next record's fields; empty at the end of the text.
    mutating func record() -> [String] {
        var fields: [String] = []
        var current = String.UnicodeScalarView()
        var quoted = false
        func finish() {
            fields.append(String(current))
            current.removeAll()
        }
        while !atEnd {
            let c = next()
            if c == delimiter {
                if quoted { current.append(c) } else { finish() }
            } else if c == "\"" {
                if quoted {
                    if peek("\"") {
                        at += 1
                        current.append("\"")
                    } else {
                        // After the closing quote: blanks up to the delimiter are dropped,
                        // anything else is kept.
                        quoted = false
                        let end = readToDelimiter(&current, eatBlanks: true)
                        finish()
                        if end { break }
                    }
                } else if current.isEmpty {
                    quoted = true
                } else {
                    current.append(c)
                    let end = readToDelimiter(&current, eatBlanks: false)
                    finish()
                    if end { break }
                }
            } else if c == " " || c == "\t" {
                if quoted {
                    current.append(c)
                } else if !current.isEmpty {
                    current.append(c)
                    let end = readToDelimiter(&current, eatBlanks: true)
                    finish()
                    if end { break }
                }
            } else if let nl = newline(after: c) {
                if quoted {
                    current.append(contentsOf: nl.unicodeScalars)
                } else {
                    finish()
                    break
                }
            } else {
                current.append(c)
            }
        }
        if !current.isEmpty { finish() }
        return fields
    }

    /// Reads up to the next delimiter or newline; true when the record ended there. Only
    /// blanks read (`eatBlanks`) are trimmed away.
    private mutating func readToDelimiter(_ current: inout String.UnicodeScalarView, eatBlanks: Bool) -> Bool {
        var read = String.UnicodeScalarView()
        var ended = false
        var onlyBlanks = true
        while true {
            if atEnd { ended = true; break }
            let c = next()
            if c == delimiter { break }
            if newline(after: c) != nil { ended = true; break }
            read.append(c)
            if c != " " && c != "\t" { onlyBlanks = false }
        }
        if !(eatBlanks && onlyBlanks) { current.append(contentsOf: read) }
        return ended
    }

    /// One line's fields (a header given as text).
    static func fields(_ line: String, _ delimiter: Character) -> [String] {
        var r = CsvReader(line, delimiter: delimiter)
        return r.record()
    }
}
