import Foundation

/// How values read in output: top-level lines, table cells and list values (en-US).
enum CellText {
    /// `$FormatEnumerationLimit`'s default.
    static let enumerationLimit = 4

    /// A value printed on its own line (current culture, en-US).
    static func scalar(_ v: Value) -> String {
        switch v {
        case .double(let d):
            if d.isInfinite { return d < 0 ? "-∞" : "∞" }
            return NumberFormatting.double(d)
        case .object(let d as PSDateTime):
            return DateFormatting.format(d, "G")
        case .object(let r as StreamRecord):
            // Out-Default shows a merged warning as the host would: `WARNING: text`.
            return "\(r.kind): \(r.message)"
        case .object(let o as PSScalarBox):
            if case .single(let f) = o.value, f.isInfinite { return f < 0 ? "-∞" : "∞" }
            return o.toString(ConversionContext())
        default:
            return Convert.toString(v, ConversionContext())
        }
    }

    /// A table cell or list value. Property-based tables show floating numbers with two
    /// decimals (`"F"`); collections show as `{a, b, c, d…}`.
    static func cell(_ v: Value, propertyTable: Bool, keepNewlines: Bool = false) -> String {
        switch v.normalized {
        case .null: return ""
        case .double(let d) where propertyTable:
            return NumberFormatting.fixed(d, 2, grouping: false)
        case .decimal(let d) where propertyTable:
            return NumberFormatting.fixed(d.doubleValue, 2, grouping: false)
        case .object(let o as PSScalarBox) where propertyTable:
            if case .single(let f) = o.value { return NumberFormatting.fixed(Double(f), 2, grouping: false) }
            return scalar(v)
        case .object(let o) where o.isEnumerable || o is PSHashtable:
            let items: [Value]
            if let h = o as? PSHashtable { items = h.keys } else { items = o.enumerate() }
            let limit = enumerationLimit
            let shown = limit < 0 ? items : Array(items.prefix(limit))
            var text = "{" + shown.map(item).joined(separator: ", ")
            if limit >= 0 && items.count > limit { text += "…" }
            return text + "}"
        default:
            return scalar(v)
        }
    }

    /// An element inside `{…}`.
    private static func item(_ v: Value) -> String {
        switch v.normalized {
        case .null: return "$null"
        case .object(let o) where o.isEnumerable && !(o is PSHashtable):
            return o.enumerate().map { Convert.toString($0, ConversionContext()) }.joined(separator: " ")
        default: return scalar(v)
        }
    }

    /// Numbers, booleans, chars and enums are right-aligned; everything else left.
    static func alignment(_ v: Value) -> Alignment {
        switch v.normalized {
        case .int, .long, .double, .decimal, .bool: return .right
        case .object(let o): return (o is PSScalarBox || o is EnumValue) ? .right : .left
        default: return .left
        }
    }

    static func displayLength(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { $0 + (isWide($1) ? 2 : 1) }
    }

    static func isWide(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// A cell padded or cut to `width` (cut text ends, or starts when right-aligned, with `…`).
    static func fitCell(_ text: String, _ width: Int, _ alignment: Alignment, isLast: Bool) -> String {
        var t = text
        if let nl = t.firstIndex(where: { $0 == "\n" || $0 == "\r" }) { t = String(t[..<nl]) + "…" }
        var len = displayLength(t)
        if len > width {
            if width <= 1 {
                t = String(t.prefix(width))
            } else if alignment == .right {
                var chars = Array(t)
                while displayLength(String(chars)) > width - 1 { chars.removeFirst() }
                t = "…" + String(chars)
            } else {
                var chars = Array(t)
                while displayLength(String(chars)) > width - 1 { chars.removeLast() }
                t = String(chars) + "…"
            }
            len = displayLength(t)
        }
        let pad = max(0, width - len)
        switch alignment {
        case .right: return String(repeating: " ", count: pad) + t
        case .center:
            let left = pad / 2
            return String(repeating: " ", count: left) + t + (isLast ? "" : String(repeating: " ", count: pad - left))
        case .left: return isLast ? t : t + String(repeating: " ", count: pad)
        }
    }

    /// Word wrap at blanks (a break keeps the blank at the end of its line), hard-split
    /// words longer than the width.
    static func wordWrap(_ text: String, _ width: Int) -> [String] {
        if displayLength(text) <= width { return [text] }
        var lines: [String] = []
        var current = ""
        var word = ""
        func flushWord() {
            if displayLength(current + word) <= width {
                current += word
            } else {
                if !current.isEmpty { lines.append(current); current = "" }
                var w = word
                while displayLength(w) > width {
                    lines.append(String(w.prefix(width)))
                    w = String(w.dropFirst(width))
                }
                current = w
            }
            word = ""
        }
        for ch in text {
            word.append(ch)
            if ch == " " || ch == "\t" { flushWord() }
        }
        flushWord()
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
