/// Character classes the lexer asks about, for Unicode scalar values. ASCII is answered
/// from a table; the few non-ASCII characters PowerShell treats specially (typographic
/// quotes and dashes, Unicode spaces) are listed; other letters count as letters.
enum CharClass {
    static let nul: UInt32 = 0

    /// Characters that end a generic token (bareword) and start a new token:
    /// NUL, whitespace, newlines, `& ( ) , ; { | }`.
    @inline(__always) static func forcesNewToken(_ c: UInt32) -> Bool {
        if c < 128 {
            switch c {
            case 0, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x26, 0x28, 0x29, 0x2C, 0x3B, 0x7B, 0x7C, 0x7D:
                return true
            default: return false
            }
        }
        return isWhitespace(c)
    }

    /// Characters that end a number (so `7+` is two tokens but `7z` is one generic token).
    @inline(__always) static func forcesNewTokenAfterNumber(_ c: UInt32, ternary: Bool) -> Bool {
        if c < 128 {
            switch c {
            case 0x21, 0x23, 0x25, 0x2A, 0x2B, 0x2D, 0x2E, 0x2F, 0x3C, 0x3D, 0x3E, 0x5D: // ! # % * + - . / < = > ]
                return true
            case 0x3F, 0x3A: return ternary // ? :
            default: return false
            }
        }
        return isDash(c)
    }

    /// Horizontal white space (not newlines).
    @inline(__always) static func isWhitespace(_ c: UInt32) -> Bool {
        switch c {
        case 0x20, 0x09, 0x0B, 0x0C, 0xA0, 0x85: return true
        case 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    @inline(__always) static func isNewline(_ c: UInt32) -> Bool { c == 0x0A || c == 0x0D }

    /// `-` and the typographic dashes PowerShell accepts in its place.
    @inline(__always) static func isDash(_ c: UInt32) -> Bool {
        c == 0x2D || c == 0x2013 || c == 0x2014 || c == 0x2015
    }

    @inline(__always) static func isSingleQuote(_ c: UInt32) -> Bool {
        c == 0x27 || c == 0x2018 || c == 0x2019 || c == 0x201A || c == 0x201B
    }

    @inline(__always) static func isDoubleQuote(_ c: UInt32) -> Bool {
        c == 0x22 || c == 0x201C || c == 0x201D || c == 0x201E
    }

    @inline(__always) static func isDecimalDigit(_ c: UInt32) -> Bool { c >= 0x30 && c <= 0x39 }

    @inline(__always) static func isHexDigit(_ c: UInt32) -> Bool {
        isDecimalDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
    }

    @inline(__always) static func isASCIILetter(_ c: UInt32) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
    }

    /// A letter in the Unicode sense; non-ASCII scalars use the standard library's
    /// properties.
    static func isLetter(_ c: UInt32) -> Bool {
        if c < 128 { return isASCIILetter(c) }
        guard let s = Unicode.Scalar(c) else { return false }
        return s.properties.isAlphabetic && !s.properties.isWhitespace
    }

    static func isLetterOrDigit(_ c: UInt32) -> Bool {
        if c < 128 { return isASCIILetter(c) || isDecimalDigit(c) }
        guard let s = Unicode.Scalar(c) else { return false }
        return s.properties.isAlphabetic || s.properties.numericType == .decimal
    }

    @inline(__always) static func isIdentifierStart(_ c: UInt32) -> Bool {
        c == 0x5F || isLetter(c)
    }

    @inline(__always) static func isIdentifierFollow(_ c: UInt32) -> Bool {
        c == 0x5F || isLetterOrDigit(c)
    }

    /// What may follow `$` to make a variable: letters, digits, `_ ? : ^ $`.
    @inline(__always) static func isVariableStart(_ c: UInt32) -> Bool {
        if c < 128 {
            return isASCIILetter(c) || isDecimalDigit(c) || c == 0x5F || c == 0x3F || c == 0x3A
                || c == 0x5E || c == 0x24
        }
        return isLetterOrDigit(c)
    }

    @inline(__always) static func isTypeSuffix(_ c: UInt32) -> Bool {
        switch c {
        case 0x64, 0x44, 0x6C, 0x4C, 0x6E, 0x4E, 0x73, 0x53, 0x75, 0x55, 0x79, 0x59: return true // d l n s u y
        default: return false
        }
    }

    @inline(__always) static func isMultiplierStart(_ c: UInt32) -> Bool {
        switch c {
        case 0x6B, 0x4B, 0x6D, 0x4D, 0x67, 0x47, 0x74, 0x54, 0x70, 0x50: return true // k m g t p
        default: return false
        }
    }
}
