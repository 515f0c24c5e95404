import Foundation

/// Numbers as .NET prints them: `G15` for doubles in PowerShell's conversions, the
/// shortest round-trip form for `ToString()` and `-f`, and the standard format strings
/// (C D E F G N P R X) in en-US.
public enum NumberFormatting {
    /// PowerShell's double-to-string (`"G15"`): 0.1+0.2 is "0.3".
    public static func double(_ d: Double) -> String { general(d, precision: 15) }

    public static func single(_ f: Float) -> String { general(Double(f), precision: 7) }

    /// .NET's `Double.ToString()` (shortest round-trip): 0.1+0.2 is "0.30000000000000004".
    public static func roundTrip(_ d: Double) -> String {
        if let special = specials(d, invariant: true) { return special }
        let (digits, exponent) = shortestDigits(d)
        // .NET switches to E notation past max(digits, 15) places (Number.Formatting).
        return layoutGeneral(negative: d.sign == .minus, digits: digits, exponent: exponent, scientificAt: max(digits.count, 15))
    }

    /// .NET's `Single.ToString()`: the shortest text that reads back as the same float
    /// (`3.3000002`), in E notation past max(digits, 7) places. (A float converted to a
    /// string by PowerShell itself goes through G7 instead: `single`.)
    public static func singleRoundTrip(_ f: Float) -> String {
        if f.isNaN { return "NaN" }
        if f.isInfinite { return f < 0 ? "-Infinity" : "Infinity" }
        let (digits, exponent) = f == 0 ? ([UInt8(0)], 0) : shortestDigits(description: "\(abs(f))")
        return layoutGeneral(negative: f.sign == .minus, digits: digits, exponent: exponent, scientificAt: max(digits.count, 7))
    }

    static func specials(_ d: Double, invariant: Bool) -> String? {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        return nil
    }

    /// `G<precision>`: up to `precision` significant digits, trailing zeros dropped,
    /// scientific (`1E+15`) when the exponent is ≥ precision or ≤ -5.
    static func general(_ d: Double, precision: Int) -> String {
        if let special = specials(d, invariant: true) { return special }
        if d == 0 { return d.sign == .minus ? "-0" : "0" }
        let s = String(format: "%.\(precision - 1)e", abs(d))
        let parts = s.split(separator: "e")
        var digits = Array(parts[0].replacingOccurrences(of: ".", with: "").utf8.map { $0 - 48 })
        let exponent = Int(parts[1])!
        while digits.count > 1 && digits.last == 0 { digits.removeLast() }
        return layoutGeneral(negative: d < 0, digits: digits, exponent: exponent, scientificAt: precision)
    }

    /// Lays out significant digits d1 d2 … with value d1.d2… × 10^exponent.
    static func layoutGeneral(negative: Bool, digits: [UInt8], exponent: Int, scientificAt: Int) -> String {
        var out = negative ? "-" : ""
        let text = digits.map { String($0) }.joined()
        if exponent >= scientificAt || exponent < -4 {
            out += String(text.prefix(1))
            if digits.count > 1 { out += "." + text.dropFirst() }
            out += "E" + (exponent < 0 ? "-" : "+") + (abs(exponent) < 10 ? "0" : "") + String(abs(exponent))
            return out
        }
        if exponent < 0 {
            return out + "0." + String(repeating: "0", count: -exponent - 1) + text
        }
        if digits.count <= exponent + 1 {
            return out + text + String(repeating: "0", count: exponent + 1 - digits.count)
        }
        let intPart = text.prefix(exponent + 1)
        return out + intPart + "." + text.dropFirst(exponent + 1)
    }

    /// The shortest digits that read back as `d` (Swift's description gives them).
    static func shortestDigits(_ d: Double) -> ([UInt8], Int) {
        if d == 0 { return ([0], 0) }
        return shortestDigits(description: "\(abs(d))")
    }

    /// Digits and decimal exponent of Swift's shortest round-trip text of a positive number.
    static func shortestDigits(description desc: String) -> ([UInt8], Int) {
        var mantissa = desc
        var exp = 0
        if let e = desc.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = String(desc[..<e])
            exp = Int(desc[desc.index(after: e)...]) ?? 0
        }
        let dot = mantissa.firstIndex(of: ".")
        let intPart = dot.map { String(mantissa[..<$0]) } ?? mantissa
        let fracPart = dot.map { String(mantissa[mantissa.index(after: $0)...]) } ?? ""
        var all = Array((intPart + fracPart).utf8.map { $0 - 48 })
        var exponent = intPart.count - 1 + exp
        while all.count > 1 && all.first == 0 { all.removeFirst(); exponent -= 1 }
        while all.count > 1 && all.last == 0 { all.removeLast() }
        return (all, exponent)
    }

    /// A decimal's text with its scale (`1.50`).
    public static func decimal(_ d: NetDecimal) -> String { d.description }

    // MARK: Standard format strings

    /// `value.ToString(format)` for a number, en-US.
    static func format(_ v: Value, _ format: String) throws -> String {
        let spec = format.trimmingCharacters(in: .whitespaces)
        guard let first = spec.first else { return plain(v) }
        let rest = spec.dropFirst()
        let precision = rest.isEmpty ? nil : Int(rest)
        let isStandard = rest.isEmpty || precision != nil
        if !isStandard || !"CcDdEeFfGgNnPpRrXx".contains(first) {
            return CustomNumberFormat.format(try number(v), spec)
        }
        switch first {
        case "D", "d":
            guard let i = integer(v) else { throw CompositeFormat.FormatError(message: "Format specifier was invalid.") }
            let digits = String(i.magnitude)
            let padded = String(repeating: "0", count: max(0, (precision ?? 0) - digits.count)) + digits
            return (i < 0 ? "-" : "") + padded
        case "X", "x":
            guard let i = integer(v) else { throw CompositeFormat.FormatError(message: "Format specifier was invalid.") }
            var hex = String(UInt64(bitPattern: i) & (isInt32(v) ? 0xFFFF_FFFF : UInt64.max), radix: 16)
            if first == "X" { hex = hex.uppercased() }
            return String(repeating: "0", count: max(0, (precision ?? 0) - hex.count)) + hex
        case "F", "f":
            return fixed(try number(v), precision ?? 2, grouping: false)
        case "N", "n":
            return fixed(try number(v), precision ?? 2, grouping: true)
        case "C", "c":
            let n = try number(v)
            let body = fixed(abs(n), precision ?? 2, grouping: true)
            return (n < 0 ? "-$" : "$") + body
        case "P", "p":
            let n = try number(v) * 100
            return fixed(n, precision ?? 2, grouping: true) + "%"
        case "E", "e":
            let n = try number(v)
            let s = String(format: "%.\(precision ?? 6)e", n)
            let parts = s.split(separator: "e")
            let exp = Int(parts[1])!
            let expText = String(abs(exp))
            return parts[0] + (first == "E" ? "E" : "e") + (exp < 0 ? "-" : "+") + String(repeating: "0", count: max(0, 3 - expText.count)) + expText
        case "G", "g":
            if let p = precision, p > 0, case .double(let d) = v { return general(d, precision: p) }
            return plain(v)
        default: // R
            return plain(v)
        }
    }

    /// The default `ToString()` of a number (doubles round-trip).
    static func plain(_ v: Value) -> String {
        switch v {
        case .double(let d): return roundTrip(d)
        default: return Convert.toString(v, ConversionContext())
        }
    }

    static func isInt32(_ v: Value) -> Bool { if case .int = v { return true }; return false }

    static func integer(_ v: Value) -> Int64? {
        switch v {
        case .int(let i): return Int64(i)
        case .long(let l): return l
        case .object(let o as PSScalarBox) where o.value.isInteger: return Int64(o.value.doubleValue)
        default: return nil
        }
    }

    static func number(_ v: Value) throws -> Double {
        switch v {
        case .int(let i): return Double(i)
        case .long(let l): return Double(l)
        case .double(let d): return d
        case .decimal(let d): return d.doubleValue
        case .object(let o as PSScalarBox): return o.value.doubleValue
        default: throw CompositeFormat.FormatError(message: "Format specifier was invalid.")
        }
    }

    /// Fixed-point with `decimals` digits, optionally grouped by thousands (en-US).
    /// `|d|` with `decimals` digits after the point, a midpoint rounded away from zero as
    /// .NET's number formatting rounds (printf would round it to even): 2.5 → "3".
    static func awayFromZero(_ d: Double, _ decimals: Int) -> String {
        // Enough extra digits that the value's own expansion decides (a double carries 17).
        let exact = String(format: "%.\(decimals + 25)f", abs(d))
        var digits = Array(exact.utf8).filter { $0 != UInt8(ascii: ".") }
        let intCount = exact.utf8.firstIndex(of: UInt8(ascii: ".")).map { exact.utf8.distance(from: exact.utf8.startIndex, to: $0) }
            ?? exact.utf8.count
        let keep = intCount + decimals
        let roundUp = digits[keep] >= UInt8(ascii: "5")
        digits = Array(digits[..<keep])
        var intDigits = intCount
        if roundUp {
            var i = keep - 1
            while i >= 0 {
                if digits[i] == UInt8(ascii: "9") { digits[i] = UInt8(ascii: "0"); i -= 1; continue }
                digits[i] += 1
                break
            }
            if i < 0 { digits.insert(UInt8(ascii: "1"), at: 0); intDigits += 1 }
        }
        let text = String(decoding: digits, as: UTF8.self)
        if decimals == 0 { return text }
        return String(text.prefix(intDigits)) + "." + String(text.dropFirst(intDigits))
    }

    static func fixed(_ d: Double, _ decimals: Int, grouping: Bool) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-∞" : "∞" }
        var s = (d < 0 ? "-" : "") + awayFromZero(d, decimals)
        if s.hasPrefix("-") && s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { s.removeFirst() }
        guard grouping else { return s }
        let negative = s.hasPrefix("-")
        if negative { s.removeFirst() }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        var intPart = String(parts[0])
        var grouped = ""
        while intPart.count > 3 {
            grouped = "," + intPart.suffix(3) + grouped
            intPart = String(intPart.dropLast(3))
        }
        grouped = intPart + grouped
        return (negative ? "-" : "") + grouped + (parts.count > 1 ? "." + parts[1] : "")
    }
}

/// Custom numeric formats: `0`, `#`, `.`, `,` (grouping), `%`, literals in quotes.
enum CustomNumberFormat {
    static func format(_ value: Double, _ pattern: String) -> String {
        let sections = pattern.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        var pat = sections[0]
        var v = value
        if value < 0 && sections.count > 1 { pat = sections[1]; v = -value }
        if value == 0 && sections.count > 2 { pat = sections[2] }
        var percent = false
        if pat.contains("%") { percent = true; v *= 100 }
        let chars = Array(pat)
        let dotIndex = chars.firstIndex(of: ".")
        let intPattern = dotIndex.map { Array(chars[..<$0]) } ?? chars
        let fracPattern = dotIndex.map { Array(chars[($0 + 1)...]) } ?? []
        let minFrac = fracPattern.filter { $0 == "0" }.count
        let maxFrac = fracPattern.filter { $0 == "0" || $0 == "#" }.count
        let grouping = intPattern.contains(",") && intPattern.contains(where: { $0 == "0" || $0 == "#" })
        let minInt = intPattern.filter { $0 == "0" }.count
        var s = NumberFormatting.awayFromZero(v, maxFrac)
        var parts = s.split(separator: ".").map(String.init)
        var frac = parts.count > 1 ? parts[1] : ""
        while frac.count > minFrac && frac.hasSuffix("0") { frac.removeLast() }
        var int = parts[0]
        if int == "0" && minInt == 0 { int = "" }
        if int.count < minInt { int = String(repeating: "0", count: minInt - int.count) + int }
        if grouping {
            var g = ""
            while int.count > 3 { g = "," + int.suffix(3) + g; int = String(int.dropLast(3)) }
            int += g
        }
        s = int + (frac.isEmpty ? "" : "." + frac)
        parts = []
        // Literal text around the digits (prefix/suffix), e.g. "0.0 GB".
        let prefix = String(intPattern.prefix { !"0#,".contains($0) }).replacingOccurrences(of: "'", with: "")
        let suffixSource = fracPattern.isEmpty ? Array(intPattern.reversed().prefix { !"0#,".contains($0) }.reversed()) : Array(fracPattern.reversed().prefix { !"0#".contains($0) }.reversed())
        let suffix = String(suffixSource).replacingOccurrences(of: "'", with: "").replacingOccurrences(of: "\"", with: "")
        let negative = value < 0 && sections.count == 1 && (Double(s.replacingOccurrences(of: ",", with: "")) ?? 0) != 0
        return (negative ? "-" : "") + prefix.replacingOccurrences(of: "%", with: "") + s + suffix.replacingOccurrences(of: "%", with: "") + (percent ? "%" : "")
    }
}

/// .NET composite formatting: `{index[,alignment][:format]}` with `{{`/`}}` escapes.
enum CompositeFormat {
    struct FormatError: Error { let message: String }

    static func format(_ fmt: String, _ args: [Value]) throws -> String {
        var out = ""
        let chars = Array(fmt)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "{" {
                if i + 1 < chars.count && chars[i + 1] == "{" { out.append("{"); i += 2; continue }
                var j = i + 1
                var body = ""
                while j < chars.count && chars[j] != "}" { body.append(chars[j]); j += 1 }
                guard j < chars.count else { throw FormatError(message: "Input string was not in a correct format.") }
                var indexPart = body
                var formatPart: String? = nil
                if let colon = body.firstIndex(of: ":") {
                    indexPart = String(body[..<colon])
                    formatPart = String(body[body.index(after: colon)...])
                }
                var alignment = 0
                if let comma = indexPart.firstIndex(of: ",") {
                    alignment = Int(indexPart[indexPart.index(after: comma)...].trimmingCharacters(in: .whitespaces)) ?? 0
                    indexPart = String(indexPart[..<comma])
                }
                guard let index = Int(indexPart.trimmingCharacters(in: .whitespaces)) else {
                    throw FormatError(message: "Input string was not in a correct format.")
                }
                guard index >= 0 && index < args.count else {
                    throw FormatError(message: "Index (zero based) must be greater than or equal to zero and less than the size of the argument list.")
                }
                var text = try formatValue(args[index], formatPart)
                let pad = abs(alignment) - text.count
                if pad > 0 { text = alignment > 0 ? String(repeating: " ", count: pad) + text : text + String(repeating: " ", count: pad) }
                out += text
                i = j + 1
                continue
            }
            if c == "}" {
                if i + 1 < chars.count && chars[i + 1] == "}" { out.append("}"); i += 2; continue }
                throw FormatError(message: "Input string was not in a correct format.")
            }
            out.append(c)
            i += 1
        }
        return out
    }

    /// `IFormattable.ToString(format)`, or the value's default text.
    static func formatValue(_ v: Value, _ format: String?) throws -> String {
        switch v {
        case .int, .long, .double, .decimal:
            if let f = format, !f.isEmpty { return try NumberFormatting.format(v, f) }
            return NumberFormatting.plain(v)
        case .object(let o as PSScalarBox) where format != nil && o.value.isInteger:
            return try NumberFormatting.format(v, format!)
        case .object(let d as PSDateTime):
            return DateFormatting.format(d, format ?? "G")
        case .object(let t as PSTimeSpan):
            return try TimeSpanFormatting.format(t, format ?? "")
        case .object(let o) where o.isEnumerable && !(o is PSHashtable):
            // String.Format calls the collection's own ToString: its type name.
            return o.typeName
        default:
            return Convert.toString(v, ConversionContext())
        }
    }
}
