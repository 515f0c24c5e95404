extension Lexer {
    /// A number: decimal, `0x` hex, `0b` binary or real, with an optional type suffix
    /// (`u s l d y n` and `ul us uy`) and multiplier (`kb mb gb tb pb`). Anything glued on
    /// that cannot end a number makes the whole word a bareword (`7z`, `2nd`).
    mutating func scanNumber() -> Token {
        guard let scanned = scanNumberText() else { return rescanAsGeneric() }
        if let value = numberValue(scanned) {
            return token(.number, .number(value))
        }
        if !inExpressionMode { return rescanAsGeneric() }
        report(.BadNumericConstant, [text(tokenStart, pos)], SourceRange(tokenStart, pos))
        return token(.number, .number(.int32(0)))
    }

    struct ScannedNumber {
        var digits: String
        var negative: Bool
        var format: Format
        var real: Bool
        var suffix: String
        var multiplier: Int64
        enum Format { case decimal, hex, binary }
    }

    private mutating func scanDigits(_ test: (UInt32) -> Bool) -> String {
        var s = ""
        while test(peek()) { s.unicodeScalars.append(Unicode.Scalar(next())!) }
        return s
    }

    /// Reads the characters of a number; nil when they don't form one.
    mutating func scanNumberText() -> ScannedNumber? {
        var n = ScannedNumber(digits: "", negative: false, format: .decimal, real: false, suffix: "", multiplier: 1)
        var notNumber = false
        var c = peek()
        if CharClass.isDash(c) || c == 0x2B {
            n.negative = CharClass.isDash(c)
            advance()
            c = peek()
        }
        if c == 0x2E { // .5
            pos += 1
            n.digits = "0." + scanDigits(CharClass.isDecimalDigit)
            if n.digits == "0." { notNumber = true }
            n.real = true
            scanExponent(&n, &notNumber)
        } else if c == 0x30 && (peek2() | 0x20 == 0x78) { // 0x
            pos += 2
            n.format = .hex
            n.digits = scanDigits(CharClass.isHexDigit)
            if n.digits.isEmpty { notNumber = true }
        } else if c == 0x30 && (peek2() | 0x20 == 0x62) && (CharClass.isDecimalDigit(scalar(at: pos + 2).0)) { // 0b1010
            pos += 2
            n.format = .binary
            n.digits = scanDigits { $0 == 0x30 || $0 == 0x31 }
            if n.digits.isEmpty { notNumber = true }
        } else {
            n.digits = scanDigits(CharClass.isDecimalDigit)
            if peek() == 0x2E && peek2() != 0x2E { // 1.5 but not 1..5
                pos += 1
                n.real = true
                n.digits += "." + scanDigits(CharClass.isDecimalDigit)
                scanExponent(&n, &notNumber)
            } else if peek() | 0x20 == 0x65 { // 1e5
                n.real = true
                scanExponent(&n, &notNumber)
            }
        }
        c = peek()
        if CharClass.isTypeSuffix(c) {
            advance()
            n.suffix.unicodeScalars.append(Unicode.Scalar(c | 0x20)!)
            let c2 = peek()
            if CharClass.isTypeSuffix(c2) {
                if n.suffix == "u" && (c2 | 0x20 == 0x6C || c2 | 0x20 == 0x73 || c2 | 0x20 == 0x79) {
                    advance()
                    n.suffix.unicodeScalars.append(Unicode.Scalar(c2 | 0x20)!)
                } else {
                    advance()
                    notNumber = true
                }
            }
            c = peek()
        }
        if CharClass.isMultiplierStart(c) {
            advance()
            switch c | 0x20 {
            case 0x6B: n.multiplier = 1 << 10
            case 0x6D: n.multiplier = 1 << 20
            case 0x67: n.multiplier = 1 << 30
            case 0x74: n.multiplier = 1 << 40
            default: n.multiplier = 1 << 50
            }
            if peek() | 0x20 == 0x62 { advance() } else { notNumber = true }
            c = peek()
        }
        if !CharClass.forcesNewToken(c) && !atEnd {
            if !inExpressionMode || !CharClass.forcesNewTokenAfterNumber(c, ternary: forceEndNumberOnTernary) {
                notNumber = true
            }
        }
        return notNumber ? nil : n
    }

    private mutating func scanExponent(_ n: inout ScannedNumber, _ notNumber: inout Bool) {
        guard peek() | 0x20 == 0x65 else { return }
        pos += 1
        n.digits += "e"
        let c = peek()
        if c == 0x2B || CharClass.isDash(c) {
            advance()
            n.digits += CharClass.isDash(c) ? "-" : "+"
        }
        let exp = scanDigits(CharClass.isDecimalDigit)
        if exp.isEmpty { notNumber = true }
        n.digits += exp
    }

    /// The literal's value with PowerShell's typing rules, or nil when out of range.
    func numberValue(_ n: ScannedNumber) -> NumberLiteral? {
        if n.real {
            if n.suffix == "d" {
                return DecimalText.multiply(n.digits, negative: n.negative, by: n.multiplier).map { .decimal($0) }
            }
            guard var d = Double(n.digits) else { return nil }
            if n.negative { d = -d }
            d *= Double(n.multiplier)
            if n.suffix.isEmpty { return .double(d) }
            guard d.isFinite else { return nil }
            return integerLiteral(BigMagnitude(rounding: d), suffix: n.suffix, format: .decimal)
        }
        var magnitude: BigMagnitude
        var suffix = n.suffix
        switch n.format {
        case .decimal:
            magnitude = BigMagnitude(decimal: n.digits)
        case .hex, .binary:
            // A hex literal of exactly its type's width with the top bit set is negative
            // (two's complement): 0xFFFFFFFF is -1. So is a 32- or 64-digit binary one.
            let hex = n.format == .hex
            magnitude = BigMagnitude(radix: hex ? 16 : 2, digits: n.digits)
            let count = n.digits.count
            let expected: Int
            if hex {
                switch suffix {
                case "y": expected = 2
                case "s": expected = 4
                case "l": expected = 16
                default: expected = count + 1 < 16 ? 8 : 16
                }
            } else {
                // Binary has a sign bit only at 8, 16, 32 or 64 digits starting with 1.
                expected = [8, 16, 32, 64].contains(count) && n.digits.first == "1" ? count : -1
            }
            let bits = expected * (hex ? 4 : 1)
            if !suffix.hasPrefix("u") && count == expected, let negative = magnitude.twosComplementNegative(width: bits) {
                magnitude = negative
            }
            // pwsh reads hex with a leading 0 it drops at full width; 16 characters mean long.
            let readLength = hex ? (!suffix.hasPrefix("u") && count == expected ? count : count + 1) : count
            if readLength == (hex ? 16 : 64) && (suffix.isEmpty || suffix == "u") { suffix += "l" }
        }
        if n.negative { magnitude.negative.toggle() }
        magnitude.multiply(by: n.multiplier)
        return integerLiteral(magnitude, suffix: suffix, format: n.format)
    }

    private func integerLiteral(_ m: BigMagnitude, suffix: String, format: ScannedNumber.Format) -> NumberLiteral? {
        switch suffix {
        case "y": return m.fits(Int8.self).map { .sbyte($0) }
        case "uy": return m.fits(UInt8.self).map { .byte($0) }
        case "s": return m.fits(Int16.self).map { .int16($0) }
        case "us": return m.fits(UInt16.self).map { .uint16($0) }
        case "l": return m.fits(Int64.self).map { .int64($0) }
        case "u": return m.fits(UInt32.self).map { .uint32($0) } ?? m.fits(UInt64.self).map { .uint64($0) }
        case "ul": return m.fits(UInt64.self).map { .uint64($0) }
        case "d": return m.decimalText.map { .decimal($0) }
        case "n": return .bigInteger(m.text)
        case "":
            if let v = m.fits(Int32.self) { return .int32(v) }
            if let v = m.fits(Int64.self) { return .int64(v) }
            guard format == .decimal else { return nil }
            if let text = m.decimalText { return .decimal(text) }
            return Double(m.text).map { .double($0) }
        default: return nil
        }
    }
}

/// A signed integer of any size as base-10^9 limbs: enough arithmetic to type a literal.
struct BigMagnitude {
    var limbs: [UInt64] = [0] // little-endian, base 1e9
    var negative = false
    static let base: UInt64 = 1_000_000_000

    init(decimal: String) {
        for ch in decimal.unicodeScalars { mulAdd(10, UInt64(ch.value - 0x30)) }
    }

    init(radix: UInt64, digits: String) {
        for ch in digits.unicodeScalars {
            let v = ch.value
            let d: UInt64 = v <= 0x39 ? UInt64(v - 0x30) : UInt64((v | 0x20) - 0x61 + 10)
            mulAdd(radix, d)
        }
    }

    /// Banker's rounding of a double to an integer, as .NET's conversion does.
    init(rounding d: Double) {
        var r = d.rounded(.toNearestOrEven)
        negative = r < 0
        r = abs(r)
        var parts: [UInt64] = []
        while r >= 1 {
            let q = (r / Double(Self.base)).rounded(.down)
            parts.append(UInt64(r - q * Double(Self.base)))
            r = q
        }
        limbs = parts.isEmpty ? [0] : parts
    }

    mutating func mulAdd(_ m: UInt64, _ a: UInt64) {
        var carry = a
        for i in limbs.indices {
            let v = limbs[i] * m + carry
            limbs[i] = v % Self.base
            carry = v / Self.base
        }
        while carry > 0 { limbs.append(carry % Self.base); carry /= Self.base }
    }

    mutating func multiply(by m: Int64) {
        if m < 0 { negative.toggle() }
        mulAdd(UInt64(abs(m)), 0)
    }

    var isZero: Bool { limbs.allSatisfy { $0 == 0 } }

    /// The magnitude if it fits in 64 bits.
    var uint64: UInt64? {
        var v: UInt64 = 0
        for limb in limbs.reversed() {
            let (m, o1) = v.multipliedReportingOverflow(by: Self.base)
            let (s, o2) = m.addingReportingOverflow(limb)
            if o1 || o2 { return nil }
            v = s
        }
        return v
    }

    func fits<T: FixedWidthInteger>(_ type: T.Type) -> T? {
        guard let mag = uint64 else { return nil }
        if negative && mag != 0 {
            guard T.isSigned else { return nil }
            if mag == UInt64(T.max) + 1 { return T.min }
            guard mag <= UInt64(T.max) else { return nil }
            return 0 - T(mag)
        }
        guard mag <= UInt64(T.max) else { return nil }
        return T(mag)
    }

    /// For a hex literal that fills `width` bits with the top bit set: its negative value.
    func twosComplementNegative(width: Int) -> BigMagnitude? {
        guard let mag = uint64 else { return nil }
        let top: UInt64 = 1 << UInt64(width - 1)
        guard mag & top != 0 else { return nil }
        let magnitude = width == 64 ? (~mag &+ 1) : ((1 << UInt64(width)) - mag)
        var r = BigMagnitude(decimal: String(magnitude))
        r.negative = true
        return r
    }

    var text: String {
        var s = String(limbs.last ?? 0)
        for limb in limbs.dropLast().reversed() {
            let part = String(limb)
            s += String(repeating: "0", count: 9 - part.count) + part
        }
        return (negative && !isZero ? "-" : "") + s
    }

    /// As a .NET decimal literal (at most 96 bits of magnitude), or nil if too large.
    var decimalText: String? {
        let maxDecimal = "79228162514264337593543950335"
        let digits = text.hasPrefix("-") ? String(text.dropFirst()) : text
        if digits.count > maxDecimal.count || (digits.count == maxDecimal.count && digits > maxDecimal) { return nil }
        return text
    }
}

/// Decimal literal text with a multiplier applied exactly, keeping the scale (`1.50d`
/// stays `1.50`, `1.5dkb` is `1536.0`).
enum DecimalText {
    static func multiply(_ text: String, negative: Bool, by multiplier: Int64) -> String? {
        // Exponent forms (1e3d) are rare; express them in plain digits first.
        var mantissa = text
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = String(text[..<e])
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var intPart = mantissa
        var fracPart = ""
        if let dot = mantissa.firstIndex(of: ".") {
            intPart = String(mantissa[..<dot])
            fracPart = String(mantissa[mantissa.index(after: dot)...])
        }
        var digits = intPart + fracPart
        var scale = fracPart.count - exponent
        if scale < 0 { digits += String(repeating: "0", count: -scale); scale = 0 }
        var m = BigMagnitude(decimal: digits.isEmpty ? "0" : digits)
        m.mulAdd(UInt64(multiplier), 0)
        var all = m.text
        guard all.count <= 29 else { return nil }
        if scale > 0 {
            if all.count <= scale { all = String(repeating: "0", count: scale - all.count + 1) + all }
            all.insert(".", at: all.index(all.endIndex, offsetBy: -scale))
        }
        return (negative ? "-" : "") + all
    }
}

extension NumberLiteral {
    /// Reads `text` as a PowerShell number literal (sign, hex, exponent, type suffix and
    /// multiplier allowed), as pwsh converts strings to numbers. Nil unless the whole
    /// text, after trimming white space, is one number.
    public static func parse(_ text: String) -> NumberLiteral? {
        let trimmed = text.trimmingBlanks()
        guard !trimmed.isEmpty else { return nil }
        var lexer = Lexer(source: SourceFile(name: "", text: trimmed), stack: .unlimited)
        lexer.mode = .expression
        lexer.allowSignedNumbers = true
        let t = lexer.nextToken()
        guard t.kind == .number, case .number(let n) = t.value, lexer.atEnd, lexer.diagnostics.isEmpty else { return nil }
        return n
    }
}

extension String {
    public func trimmingBlanks() -> String {
        let scalars = unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        func blank(_ s: Unicode.Scalar) -> Bool { s.properties.isWhitespace }
        while start < end && blank(scalars[start]) { start = scalars.index(after: start) }
        while end > start && blank(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return String(scalars[start..<end])
    }
}
