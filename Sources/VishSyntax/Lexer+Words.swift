extension Lexer {
    /// A bareword: everything up to a character that forces a new token, with backtick
    /// escapes, embedded quotes and `$` expansions (`C:\vms\$name.vmx`, `$falseStart-Sleep`).
    mutating func scanGeneric(prefix: String) -> Token {
        var b = ExpandableBuilder()
        b.append(prefix)
        while !atEnd {
            let c = peek()
            if CharClass.forcesNewToken(c) { break }
            if c == 0x60 {
                pos += 1
                if atEnd { b.append("`"); break }
                b.append(scanBacktickEscape())
                continue
            }
            if CharClass.isSingleQuote(c) {
                advance()
                b.append(scanSingleQuotedContent())
                continue
            }
            if CharClass.isDoubleQuote(c) {
                advance()
                scanDoubleQuotedContent(&b)
                continue
            }
            if c == 0x24, scanDollarInString(&b, hereString: false) { continue }
            advance()
            b.appendScalar(c)
        }
        return b.token(self, kind: .generic, literalKind: .generic)
    }

    /// Re-reads the current token from its start as a bareword.
    mutating func rescanAsGeneric() -> Token {
        pos = tokenStart
        return scanGeneric(prefix: "")
    }

    /// `$name`, `$scope:name`, `${any name}`, `$$ $? $^`, and `@name` (splatted). `pos` is
    /// just past the sigil.
    mutating func scanVariable(splatted: Bool, inString: Bool) -> Token {
        let commandMode = inCommandMode && !inString
        let start = tokenStart
        if peek() == 0x7B { // ${ … }
            pos += 1
            var name = ""
            var closed = false
            while !atEnd {
                let c = peek()
                if c == 0x7D { pos += 1; closed = true; break }
                if c == 0x60 {
                    pos += 1
                    if atEnd { break }
                    name += scanBacktickEscape()
                    continue
                }
                if inString && CharClass.isDoubleQuote(c) {
                    advance()
                    if CharClass.isDoubleQuote(peek()) {
                        name.unicodeScalars.append(Unicode.Scalar(next()) ?? "\"")
                        continue
                    }
                    name.unicodeScalars.append(Unicode.Scalar(c) ?? "\"")
                    continue
                }
                if c == 0x7B { report(.OpenBraceNeedsToBeBackTickedInVariableName, [], SourceRange(pos, pos + 1)) }
                advance()
                name.unicodeScalars.append(Unicode.Scalar(c) ?? "?")
            }
            if !closed {
                report(.IncompleteDollarVariableReference, [], SourceRange(start, start + 1), incomplete: true)
            }
            if name.isEmpty {
                if closed { report(.EmptyVariableReference, [], SourceRange(pos - 1, pos)) }
                name = ":Error:"
            }
            if commandMode {
                let c1 = peek()
                if !CharClass.forcesNewToken(c1) && c1 != 0x2E && c1 != 0x5B { return rescanAsGeneric() }
            }
            let path = VariablePath(name)
            if path.name.isEmpty {
                report(.InvalidBracedVariableReference, [], SourceRange(start, pos))
            }
            return token(splatted ? .splattedVariable : .variable, .variable(path, splatted: splatted))
        }

        let first = peek()
        if !CharClass.isVariableStart(first) {
            if commandMode || !inString { return rescanAsGeneric() }
            return token(.unknown)
        }
        var name = ""
        advance()
        name.unicodeScalars.append(Unicode.Scalar(first) ?? "?")
        if first == 0x24 || first == 0x3F || first == 0x5E { // $$ $? $^
            if commandMode && !CharClass.forcesNewToken(peek()) { return rescanAsGeneric() }
        } else {
            scan: while !atEnd {
                let c = peek()
                switch c {
                case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x5F, 0x3F:
                    pos += 1
                    name.unicodeScalars.append(Unicode.Scalar(c)!)
                case 0x3A: // ':' but not '::'
                    if peek2() == 0x3A { break scan }
                    pos += 1
                    name.append(":")
                case 0x09, 0x0D, 0x0A, 0x20, 0x26, 0x28, 0x29, 0x2C, 0x3B, 0x7B, 0x7D, 0x7C, 0x2E, 0x5B, 0x3D:
                    break scan
                default:
                    if CharClass.isLetterOrDigit(c) {
                        advance()
                        name.unicodeScalars.append(Unicode.Scalar(c) ?? "?")
                    } else if commandMode && !CharClass.forcesNewToken(c) {
                        return rescanAsGeneric()
                    } else {
                        break scan
                    }
                }
            }
        }
        let path = VariablePath(name)
        if path.name.isEmpty {
            if path.qualifier != nil {
                report(.InvalidVariableReferenceWithDrive, [], SourceRange(start, pos))
            } else {
                report(.InvalidVariableReference, [], SourceRange(start, pos))
            }
        }
        return token(splatted ? .splattedVariable : .variable, .variable(path, splatted: splatted))
    }

    /// After a dash and a letter: `-Name`, `-Name:` (command mode), or an operator such
    /// as `-eq` (expression mode). `pos` is just past the dash.
    mutating func scanParameter() -> Token {
        var name = ""
        var usedColon = false
        scan: while !atEnd {
            let c = peek()
            if CharClass.isWhitespace(c) { break }
            switch c {
            case 0x7B, 0x7D, 0x28, 0x29, 0x3B, 0x2C, 0x7C, 0x26, 0x2E, 0x5B, 0x0D, 0x0A:
                break scan
            case 0x3A:
                usedColon = true
                if inCommandMode { pos += 1 }
                break scan
            case 0x41...0x5A, 0x61...0x7A:
                pos += 1
                name.unicodeScalars.append(Unicode.Scalar(c)!)
            default:
                if CharClass.isSingleQuote(c) || CharClass.isDoubleQuote(c) {
                    if inCommandMode { return rescanAsGeneric() }
                    break scan
                }
                if inCommandMode {
                    advance()
                    name.unicodeScalars.append(Unicode.Scalar(c) ?? "?")
                } else {
                    break scan
                }
            }
        }
        if inExpressionMode, let op = TokenKind.dashOperators[name.lowercased()] {
            return token(op)
        }
        if name.isEmpty { return token(.minus) }
        return token(.parameter, .parameter(name: name, usedColon: usedColon))
    }

    /// A word starting with a letter: a keyword (command mode), an identifier, or the
    /// start of a longer bareword (`Get-VM`).
    mutating func scanIdentifier() -> Token {
        advance()
        while !atEnd && CharClass.isIdentifierFollow(peek()) { advance() }
        if mode == .typeName { return scanTypeName() }
        let c = peek()
        if !wantSimpleName && inCommandMode && !CharClass.forcesNewToken(c) {
            let prefix = text(tokenStart, pos)
            return scanGeneric(prefix: prefix)
        }
        let word = text(tokenStart, pos)
        if !wantSimpleName && (inCommandMode || mode == .signature), let kw = TokenKind.keywords[word.lowercased()] {
            return token(kw, .text(word))
        }
        return token(.identifier, .text(word))
    }

    /// A type name inside `[…]`: letters, digits and `. ` _ + # \`.
    mutating func scanTypeName() -> Token {
        while !atEnd {
            let c = peek()
            switch c {
            case 0x2E, 0x60, 0x5F, 0x2B, 0x23, 0x5C: advance(); continue
            default:
                if CharClass.isLetterOrDigit(c) { advance(); continue }
            }
            break
        }
        return token(.identifier, .text(text(tokenStart, pos)))
    }

    /// `:name` in command mode: a loop label (or a bareword if more is glued on).
    mutating func scanLabel() -> Token {
        let c = peek()
        if !CharClass.isIdentifierStart(c) {
            if atEnd { return token(.generic, .text(":")) }
            return scanGeneric(prefix: ":")
        }
        let nameStart = pos
        while !atEnd && CharClass.isIdentifierFollow(peek()) { advance() }
        if inCommandMode && !CharClass.forcesNewToken(peek()) {
            return scanGeneric(prefix: ":" + text(nameStart, pos))
        }
        return token(.label, .label(text(nameStart, pos)))
    }
}
