extension Lexer {
    /// Decodes the character after a backtick (`pos` is just past the backtick).
    mutating func scanBacktickEscape() -> String {
        let escStart = pos - 1
        let c = next()
        switch c {
        case 0x30: return "\0"
        case 0x61: return "\u{07}"
        case 0x62: return "\u{08}"
        case 0x65: return "\u{1B}"
        case 0x66: return "\u{0C}"
        case 0x6E: return "\n"
        case 0x72: return "\r"
        case 0x74: return "\t"
        case 0x76: return "\u{0B}"
        case 0x75: // `u{XXXX}
            guard peek() == 0x7B else {
                report(.InvalidUnicodeEscapeSequence, [], SourceRange(escStart, pos))
                return ""
            }
            pos += 1
            var value: UInt32 = 0
            var digits = 0
            while CharClass.isHexDigit(peek()) && digits < 7 {
                let d = next()
                value = value * 16 + (d <= 0x39 ? d - 0x30 : (d | 0x20) - 0x61 + 10)
                digits += 1
            }
            guard peek() == 0x7D, digits >= 1, digits <= 6 else {
                report(.InvalidUnicodeEscapeSequence, [], SourceRange(escStart, pos))
                return ""
            }
            guard value <= 0x10FFFF else {
                report(.InvalidUnicodeEscapeSequenceValue, [], SourceRange(escStart, pos + 1))
                pos += 1
                return ""
            }
            pos += 1
            if let scalar = Unicode.Scalar(value) { return String(Character(scalar)) }
            // A UTF-16 surrogate: pwsh takes it as one UTF-16 unit, so `u{D83D}`u{DE00}
            // spells U+1F600. Pair it with a following low surrogate escape when there is one.
            if (0xD800...0xDBFF).contains(value), let low = peekLowSurrogateEscape() {
                pos = low.end
                return String(Character(Unicode.Scalar(0x10000 + ((value - 0xD800) << 10) + (low.value - 0xDC00))!))
            }
            return "\u{FFFD}" // a lone surrogate cannot live in a Swift string
        default:
            return String(Character(Unicode.Scalar(c) ?? "?"))
        }
    }

    /// `` `u{DC00} ``… directly ahead: its value and the offset after it.
    private func peekLowSurrogateEscape() -> (value: UInt32, end: Int)? {
        guard scalar(at: pos).0 == 0x60, scalar(at: pos + 1).0 == 0x75, scalar(at: pos + 2).0 == 0x7B else { return nil }
        var i = pos + 3
        var value: UInt32 = 0
        while i < end, CharClass.isHexDigit(UInt32(bytes[i])), i - pos - 3 < 6 {
            let d = UInt32(bytes[i])
            value = value * 16 + (d <= 0x39 ? d - 0x30 : (d | 0x20) - 0x61 + 10)
            i += 1
        }
        guard i < end, bytes[i] == 0x7D, (0xDC00...0xDFFF).contains(value) else { return nil }
        return (value, i + 1)
    }

    /// `'…'` with `''` for a quote (any typographic single quote works as either).
    mutating func scanSingleQuoted() -> Token {
        let value = scanSingleQuotedContent()
        return token(.stringLiteral, .text(value))
    }

    /// The content of a single-quoted string; `pos` is just past the opening quote.
    mutating func scanSingleQuotedContent() -> String {
        let open = pos - 1
        var sb = ""
        while true {
            if atEnd {
                report(.TerminatorExpectedAtEndOfString, ["'"], SourceRange(open, open + 1), incomplete: true)
                return sb
            }
            let c = next()
            if CharClass.isSingleQuote(c) {
                if CharClass.isSingleQuote(peek()) {
                    sb.unicodeScalars.append(Unicode.Scalar(next()) ?? "'")
                    continue
                }
                return sb
            }
            sb.unicodeScalars.append(Unicode.Scalar(c) ?? "?")
        }
    }

    /// `"…"` with backtick escapes, `""` for a quote, `$var` and `$(…)` expansions.
    mutating func scanDoubleQuoted() -> Token {
        var builder = ExpandableBuilder()
        scanDoubleQuotedContent(&builder)
        return builder.token(self, kind: .stringExpandable, literalKind: .stringExpandable)
    }

    /// Scans up to and past the closing `"`; `pos` is just past the opening quote.
    mutating func scanDoubleQuotedContent(_ b: inout ExpandableBuilder) {
        let open = pos - 1
        while true {
            if atEnd {
                report(.TerminatorExpectedAtEndOfString, ["\""], SourceRange(open, open + 1), incomplete: true)
                return
            }
            let c = peek()
            if c == 0x60 { // backtick
                pos += 1
                if atEnd { continue }
                b.append(scanBacktickEscape())
                continue
            }
            if c == 0x24, scanDollarInString(&b, hereString: false) { continue }
            advance()
            if CharClass.isDoubleQuote(c) {
                if CharClass.isDoubleQuote(peek()) {
                    b.appendScalar(next())
                    continue
                }
                return
            }
            b.appendScalar(c)
        }
    }

    /// `$name`, `${name}` or `$( … )` inside a string (at `$`); false, with nothing
    /// consumed, for a lone `$`.
    mutating func scanDollarInString(_ b: inout ExpandableBuilder, hereString: Bool) -> Bool {
        let dollar = pos
        let c1 = scalar(at: pos + 1).0
        if c1 == 0x28 { // $(
            pos += 2
            let inner = pos
            let (close, closed) = scanSubExpressionEnd(hereString: hereString)
            let whole = SourceRange(dollar, close)
            let innerRange = SourceRange(inner, closed ? close - 1 : close)
            if !closed {
                report(.IncompleteDollarSubexpressionReference, [], SourceRange(dollar, dollar + 2), incomplete: true)
            }
            b.appendPart(.subExpression(inner: innerRange, whole: whole, collapsesQuotes: !hereString), spelled: text(dollar, pos))
            return true
        }
        if CharClass.isVariableStart(c1) || c1 == 0x7B {
            let savedStart = tokenStart
            let savedMode = mode
            mode = .expression
            tokenStart = dollar
            pos += 1
            let t = scanVariable(splatted: false, inString: true)
            mode = savedMode
            tokenStart = savedStart
            if case .variable(let path, _) = t.value {
                b.appendPart(.variable(path, SourceRange(dollar, pos)), spelled: text(dollar, pos))
                return true
            }
            b.append(text(dollar, pos))
            return true
        }
        return false
    }

    /// Moves past the `)` that closes a `$(` in a string, as pwsh finds it: by counting
    /// parentheses character by character, quotes or not (so `"$(')')"` ends early, as in
    /// pwsh). A doubled quote or a backtick-quote is one character here, which keeps
    /// `"$(""x"")"` together. Returns the offset after the `)` and whether one was found.
    mutating func scanSubExpressionEnd(hereString: Bool) -> (end: Int, closed: Bool) {
        var depth = 1
        while !atEnd {
            let c = next()
            switch c {
            case 0x28: depth += 1
            case 0x29:
                depth -= 1
                if depth == 0 { return (pos, true) }
            case 0x60 where !hereString && CharClass.isDoubleQuote(peek()):
                advance()
            default:
                if !hereString && CharClass.isDoubleQuote(c) && CharClass.isDoubleQuote(peek()) { advance() }
            }
        }
        return (pos, false)
    }

    // MARK: Here-strings

    /// After `@'` or `@"`: only blanks may follow on the header line.
    private mutating func scanHereStringHeader(_ quote: Character) -> Bool {
        let header = tokenStart
        while CharClass.isWhitespace(peek()) { advance() }
        let c = peek()
        if c == 0x0D { pos += 1; if peek() == 0x0A { pos += 1 }; return true }
        if c == 0x0A { pos += 1; return true }
        if atEnd {
            report(.TerminatorExpectedAtEndOfString, ["\(quote)@"], SourceRange(header, header + 2), incomplete: true)
            return false
        }
        report(.UnexpectedCharactersAfterHereStringHeader, [], SourceRange(pos, pos))
        while !atEnd {
            let c = peek()
            if c == 0x0A || c == 0x0D { break }
            advance()
            if (quote == "'" ? CharClass.isSingleQuote(c) : CharClass.isDoubleQuote(c)) && peek() == 0x40 {
                pos += 1
                break
            }
        }
        return false
    }

    /// At the start of a line inside a here-string: is this the `'@` / `"@` footer?
    private func isHereStringFooter(at i: Int, single: Bool) -> Bool {
        let (c, len) = scalar(at: i)
        let isQuote = single ? CharClass.isSingleQuote(c) : CharClass.isDoubleQuote(c)
        return isQuote && scalar(at: i + len).0 == 0x40
    }

    /// Reads a here-string body line by line until the footer at a line's start.
    /// The newline before the footer is not part of the value; others are kept as written.
    private mutating func scanHereStringBody(single: Bool, _ b: inout ExpandableBuilder) {
        let header = tokenStart
        var falseFooter: Int? = nil
        var atLineStart = true
        var pendingNewline = "" // a newline is part of the value only if more text follows
        while true {
            if atEnd {
                if let ff = falseFooter {
                    report(.WhitespaceBeforeHereStringFooter, [], SourceRange(ff, ff), incomplete: true)
                } else {
                    report(.TerminatorExpectedAtEndOfString, [single ? "'@" : "\"@"], SourceRange(header, header + 2), incomplete: true)
                }
                b.append(pendingNewline)
                return
            }
            if atLineStart {
                if isHereStringFooter(at: pos, single: single) {
                    advance()
                    pos += 1
                    return
                }
                // Blanks then a footer is not a footer (pwsh says why if nothing else ends it).
                var j = pos
                while j < end, CharClass.isWhitespace(scalar(at: j).0) { j += scalar(at: j).1 }
                if j > pos, isHereStringFooter(at: j, single: single), falseFooter == nil { falseFooter = j }
                b.append(pendingNewline)
                pendingNewline = ""
                atLineStart = false
            }
            let c = peek()
            if c == 0x0A || c == 0x0D {
                pos += 1
                pendingNewline = c == 0x0D ? "\r" : "\n"
                if c == 0x0D && peek() == 0x0A { pos += 1; pendingNewline = "\r\n" }
                atLineStart = true
                continue
            }
            if !single {
                if c == 0x60 {
                    pos += 1
                    if !atEnd { b.append(scanBacktickEscape()) }
                    continue
                }
                if c == 0x24, scanDollarInString(&b, hereString: true) { continue }
            }
            advance()
            b.appendScalar(c)
        }
    }

    mutating func scanHereStringLiteral() -> Token {
        var b = ExpandableBuilder()
        if scanHereStringHeader("'") { scanHereStringBody(single: true, &b) }
        return token(.hereStringLiteral, .text(b.text))
    }

    mutating func scanHereStringExpandable() -> Token {
        var b = ExpandableBuilder()
        if scanHereStringHeader("\"") { scanHereStringBody(single: false, &b) }
        return b.token(self, kind: .hereStringExpandable, literalKind: .hereStringExpandable)
    }
}

/// Collects an expandable string's text and parts while it is scanned.
struct ExpandableBuilder {
    /// The value as written (nested pieces spelled out).
    var text = ""
    var parts: [StringPart] = []
    private var literal = ""

    mutating func append(_ s: String) {
        text += s
        literal += s
    }

    mutating func appendScalar(_ c: UInt32) {
        let s = Unicode.Scalar(c) ?? "?"
        text.unicodeScalars.append(s)
        literal.unicodeScalars.append(s)
    }

    mutating func appendPart(_ part: StringPart, spelled: String) {
        if !literal.isEmpty { parts.append(.literal(literal)); literal = "" }
        parts.append(part)
        text += spelled
    }

    var hasParts: Bool { !parts.isEmpty }

    /// The finished token: expandable when anything was nested, plain text otherwise.
    func token(_ lexer: Lexer, kind: TokenKind, literalKind: TokenKind) -> Token {
        guard hasParts else { return lexer.token(literalKind, .text(text)) }
        var all = parts
        if !literal.isEmpty { all.append(.literal(literal)) }
        return lexer.token(kind, .expandable(text, all))
    }
}
