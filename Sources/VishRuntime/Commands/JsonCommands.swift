import Foundation

/// ConvertTo-Json and ConvertFrom-Json, with pwsh 7's layout (two-space indents,
/// `"key": value`), its depth rule and its types (integers as Int64).
enum JsonCommands {
    static let all: [CmdletInfo] = [
        CmdletInfo("ConvertTo-Json", [
            ParameterInfo(name: "InputObject", position: 0, mandatory: true, fromPipeline: true).allowingNull(),
            ParameterInfo(name: "Depth", type: .int).validatingRange(0, 100),
            ParameterInfo(name: "Compress", isSwitch: true),
            ParameterInfo(name: "EnumsAsStrings", isSwitch: true),
            ParameterInfo(name: "AsArray", isSwitch: true),
            ParameterInfo(name: "EscapeHandling", type: .string),
        ], make: { ConvertToJson($0, $1) }),
        CmdletInfo("ConvertFrom-Json", [
            ParameterInfo(name: "InputObject", type: .string, position: 0, mandatory: true, fromPipeline: true).allowingNull(),
            ParameterInfo(name: "AsHashtable", isSwitch: true),
            ParameterInfo(name: "Depth", type: .int),
            ParameterInfo(name: "NoEnumerate", isSwitch: true),
            ParameterInfo(name: "DateKind", type: .string),
        ], make: { ConvertFromJson($0, $1) }),
    ]
}

final class ConvertToJson: NativeCommand {
    private var items: [Value] = []
    private var truncated = false
    private var failure: ErrorRecord?
    private lazy var escaping: String = (string("EscapeHandling") ?? "Default").lowercased()

    override func processRecord(_ input: Value?) throws {
        if let v = param("InputObject") { items.append(v) }
    }

    override func endProcessing() throws {
        guard !items.isEmpty else { return }
        let depth = try int("Depth") ?? 2
        let value: Value = items.count == 1 && !switchOn("AsArray") ? items[0]
            : .object(PSArray(items.count == 1 ? (items[0].asObject?.isEnumerable == true ? items[0].asObject!.enumerate() : items) : items))
        var out = ""
        write(value, depth: 0, max: depth, indent: 0, &out)
        if let failure { try throwTerminating(failure) }
        if truncated {
            try writeWarning("Resulting JSON is truncated as serialization has exceeded the set depth of \(depth).")
        }
        try writeObject(.string(out))
    }

    private var compress: Bool { switchOn("Compress") }

    private func write(_ value: Value, depth: Int, max: Int, indent: Int, _ out: inout String) {
        let v = value.normalized
        switch v {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .long(let l): out += String(l)
        case .double(let d):
            if d.isNaN || d.isInfinite { out += Self.quote(NumberFormatting.roundTrip(d)); return }
            let text = NumberFormatting.roundTrip(d)
            out += text.contains(".") || text.contains("E") ? text : text + ".0"
        case .decimal: out += Convert.toString(v, ConversionContext())
        case .string(let s): out += Self.quote(s, escaping)
        case .object(let o):
            if let b = o as? PSScalarBox {
                switch b.value {
                case .char: out += Self.quote(b.toString(ConversionContext()))
                // Newtonsoft writes a float as its round-trip text.
                case .single(let f): out += NumberFormatting.singleRoundTrip(f)
                default: out += b.toString(ConversionContext())
                }
                return
            }
            if let e = o as? EnumValue {
                out += switchOn("EnumsAsStrings") ? Self.quote(e.name) : String(e.value)
                return
            }
            if let d = o as? PSDateTime {
                // Newtonsoft's round-trip kind: an offset for Local, Z for Utc, nothing else.
                out += Self.quote(DateFormatting.custom(d, "yyyy-MM-dd'T'HH:mm:ss") + Self.fraction(d) + DateFormatting.custom(d, "K"))
                return
            }
            if o is SwitchParameter { out += Convert.toBool(v) ? "true" : "false"; return }
            if o is DBNullValue || o is NullStringValue { out += "null"; return }
            if depth > max {
                truncated = true
                out += Self.quote(Convert.toString(v, ConversionContext()))
                return
            }
            if let h = o as? PSHashtable {
                if h.keys.contains(where: { if case .string = $0 { return false }; return true }) {
                    failure = error("The type '\(h.typeName)' is not supported for serialization or deserialization of a dictionary. Keys must be strings.",
                                    id: "NonStringKeyInDictionary", category: .invalidOperation,
                                    exception: "System.NotSupportedException")
                }
                writeObject(zip(h.keys, h.values).map { (Convert.toString($0, ConversionContext()), $1) }, depth, max, indent, &out)
            } else if o.isEnumerable {
                let elements = o.enumerate()
                if elements.isEmpty { out += "[]"; return }
                out += "["
                for (i, e) in elements.enumerated() {
                    if i > 0 { out += "," }
                    newline(indent + 1, &out)
                    write(e, depth: depth + 1, max: max, indent: indent + 1, &out)
                }
                newline(indent, &out)
                out += "]"
            } else if o is PSTimeSpan || o is ScriptBlockObject || o.propertyNames.isEmpty {
                out += Self.quote(o.toString(ConversionContext()))
            } else {
                writeObject(PropertyList.properties(of: v).map { ($0.name, $0.value) }, depth, max, indent, &out)
            }
        }
    }

    private func writeObject(_ members: [(String, Value)], _ depth: Int, _ max: Int, _ indent: Int, _ out: inout String) {
        if members.isEmpty { out += "{}"; return }
        out += "{"
        for (i, (k, val)) in members.enumerated() {
            if i > 0 { out += "," }
            newline(indent + 1, &out)
            out += Self.quote(k) + (compress ? ":" : ": ")
            write(val, depth: depth + 1, max: max, indent: indent + 1, &out)
        }
        newline(indent, &out)
        out += "}"
    }

    private func newline(_ indent: Int, _ out: inout String) {
        guard !compress else { return }
        out += "\n" + String(repeating: "  ", count: indent)
    }

    /// `.FFFFFFF`: the fraction of a second without trailing zeros, nothing when zero.
    static func fraction(_ d: PSDateTime) -> String {
        let f = d.ticks % PSDateTime.ticksPerSecond
        guard f > 0 else { return "" }
        var digits = String(f)
        digits = String(repeating: "0", count: 7 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "." + digits
    }

    static func quote(_ s: String, _ escaping: String = "default") -> String {
        var out = "\""
        for u in s.unicodeScalars {
            // -EscapeHandling EscapeHtml / EscapeNonAscii.
            if escaping == "escapehtml" && "<>&'\"".unicodeScalars.contains(u) && u != "\"" {
                out += String(format: "\\u%04x", u.value)
                continue
            }
            if escaping == "escapenonascii" && u.value > 0x7E {
                for unit in String(u).utf16 { out += String(format: "\\u%04x", unit) }
                continue
            }
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if u.value < 0x20 {
                    out += String(format: "\\u%04x", u.value)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}

final class ConvertFromJson: NativeCommand {
    private var text: [String] = []

    override func processRecord(_ input: Value?) throws {
        if let s = string("InputObject") { text.append(s) }
    }

    override func endProcessing() throws {
        // Several inputs that are each a document are converted one by one; otherwise
        // the lines make one document.
        if text.count > 1 {
            let each = text.compactMap { t -> Value? in
                guard !t.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
                var p = JsonParser(Array(t.utf16), asHashtable: switchOn("AsHashtable"))
                return try? p.parseDocument()
            }
            if each.count == text.filter({ !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }).count {
                for v in each { try emit(v) }
                return
            }
        }
        let source = text.joined(separator: "\n")
        guard !source.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return }
        var parser = JsonParser(Array(source.utf16), asHashtable: switchOn("AsHashtable"))
        parser.maxDepth = try int("Depth") ?? 1024
        let value: Value
        do {
            value = try parser.parseDocument()
        } catch let e as JsonParser.Failure {
            try throwTerminating(error("Conversion from JSON failed with error: \(e.message)", id: "System.ArgumentException",
                                       category: .notSpecified, exception: "System.ArgumentException"))
        }
        try emit(value)
    }

    private func emit(_ value: Value) throws {
        if switchOn("NoEnumerate") { try writeObject(value) } else { try writeEnumerated(value) }
    }
}

/// A strict JSON reader producing pwsh's values.
struct JsonParser {
    struct Failure: Error { let message: String }
    let text: [UInt16]
    let asHashtable: Bool
    var i = 0
    var maxDepth = 1024
    private var depth = 0

    init(_ text: [UInt16], asHashtable: Bool) {
        self.text = text
        self.asHashtable = asHashtable
    }

    mutating func parseDocument() throws -> Value {
        let v = try parseValue()
        skipBlanks()
        if i < text.count { throw Failure(message: "Additional text encountered after finished reading JSON content: \(Character(Unicode.Scalar(text[i]) ?? " ")). Path '', line 1, position \(i).") }
        return v
    }

    mutating func skipBlanks() {
        while i < text.count, [0x20, 0x09, 0x0A, 0x0D].contains(text[i]) { i += 1 }
    }

    mutating func parseValue() throws -> Value {
        skipBlanks()
        guard i < text.count else { throw Failure(message: "Unexpected end when reading JSON. Path '', line 1, position \(i).") }
        switch text[i] {
        case 0x7B: return try parseObject()
        case 0x5B:
            i += 1
            var items: [Value] = []
            skipBlanks()
            if i < text.count && text[i] == 0x5D { i += 1; return .object(PSArray(items)) }
            while true {
                items.append(try parseValue())
                skipBlanks()
                guard i < text.count else { throw Failure(message: "Unexpected end when reading JSON.") }
                if text[i] == 0x2C { i += 1; continue }
                if text[i] == 0x5D { i += 1; return .object(PSArray(items)) }
                throw Failure(message: "Unexpected character while parsing an array at position \(i).")
            }
        case 0x22, 0x27:
            let s = try parseString()
            if let d = Self.isoDate(s) { return .object(d) }
            return .string(s)
        case 0x74: try keyword("true"); return .true
        case 0x66: try keyword("false"); return .false
        case 0x6E: try keyword("null"); return .null
        default: return try parseNumber()
        }
    }

    mutating func keyword(_ word: String) throws {
        let w = Array(word.utf16)
        guard i + w.count <= text.count, Array(text[i..<i + w.count]) == w else {
            throw Failure(message: "Unexpected character encountered while parsing value: \(Character(Unicode.Scalar(text[i]) ?? " ")). Path '', line 1, position \(i).")
        }
        i += w.count
    }

    mutating func parseObject() throws -> Value {
        i += 1
        depth += 1
        defer { depth -= 1 }
        if depth > maxDepth {
            throw Failure(message: "The reader's MaxDepth of \(maxDepth) has been exceeded. Path '', line 1, position \(i).")
        }
        let h = PSHashtable(ordered: true)
        let o = PSCustomObject()
        skipBlanks()
        if i < text.count && text[i] == 0x7D { i += 1; return asHashtable ? .object(h) : .object(o) }
        while true {
            skipBlanks()
            guard i < text.count else { throw Failure(message: "Unexpected end when reading JSON.") }
            let key: String
            if text[i] == 0x22 || text[i] == 0x27 {
                key = try parseString()
            } else {
                // Newtonsoft also reads unquoted property names.
                let start = i
                while i < text.count, let u = Unicode.Scalar(text[i]), u.properties.isAlphabetic || u == "_" || u == "$" || ("0"..."9").contains(u) { i += 1 }
                guard i > start else { throw Failure(message: "Invalid property identifier character at position \(i).") }
                key = String(decoding: text[start..<i], as: UTF16.self)
            }
            skipBlanks()
            guard i < text.count, text[i] == 0x3A else { throw Failure(message: "Invalid character after parsing property name at position \(i).") }
            i += 1
            let v = try parseValue()
            if asHashtable { h[.string(key)] = v } else { o.add(key, v) }
            skipBlanks()
            guard i < text.count else { throw Failure(message: "Unexpected end when reading JSON.") }
            if text[i] == 0x2C { i += 1; continue }
            if text[i] == 0x7D { i += 1; break }
            throw Failure(message: "Unexpected character while parsing an object at position \(i).")
        }
        if asHashtable { h.displayTypeName = "System.Management.Automation.OrderedHashtable" }
        return asHashtable ? .object(h) : .object(o)
    }

    mutating func parseString() throws -> String {
        let quote = text[i]
        i += 1
        var units: [UInt16] = []
        while i < text.count {
            let c = text[i]
            i += 1
            if c == quote { return String(decoding: units, as: UTF16.self) }
            if c == 0x5C, i < text.count {
                let e = text[i]
                i += 1
                switch e {
                case 0x6E: units.append(0x0A)
                case 0x74: units.append(0x09)
                case 0x72: units.append(0x0D)
                case 0x62: units.append(0x08)
                case 0x66: units.append(0x0C)
                case 0x75:
                    guard i + 4 <= text.count, let n = UInt16(String(decoding: text[i..<i + 4], as: UTF16.self), radix: 16) else {
                        throw Failure(message: "Invalid Unicode escape sequence at position \(i).")
                    }
                    units.append(n)
                    i += 4
                default: units.append(e)
                }
                continue
            }
            units.append(c)
        }
        throw Failure(message: "Unterminated string. Expected delimiter: \". Path '', line 1, position \(i).")
    }

    mutating func parseNumber() throws -> Value {
        let start = i
        while i < text.count, let s = Unicode.Scalar(text[i]), "+-0123456789.eE".unicodeScalars.contains(s) { i += 1 }
        let t = String(decoding: text[start..<i], as: UTF16.self)
        if t.isEmpty {
            throw Failure(message: "Unexpected character encountered while parsing value: \(Character(Unicode.Scalar(text[i]) ?? " ")). Path '', line 1, position \(i).")
        }
        if !t.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) {
            if let n = Int64(t) { return .long(n) }
            // Past Int64, an integer stays exact (Newtonsoft reads it as a BigInteger).
            if let b = BigInt(t) { return .object(PSScalarBox(.bigint(b))) }
        }
        guard let d = Double(t) else { throw Failure(message: "Input string '\(t)' is not a valid number.") }
        return .double(d)
    }

    /// Newtonsoft reads ISO 8601 strings as dates.
    static func isoDate(_ s: String) -> PSDateTime? {
        let u = Array(s.utf8)
        guard u.count >= 19, u[4] == 0x2D, u[7] == 0x2D, u[10] == 0x54, u[13] == 0x3A, u[16] == 0x3A else { return nil }
        func n(_ a: Int, _ b: Int) -> Int? { Int(String(decoding: u[a..<b], as: UTF8.self)) }
        guard let y = n(0, 4), let mo = n(5, 7), let d = n(8, 10), let h = n(11, 13), let mi = n(14, 16), let se = n(17, 19),
              (1...12).contains(mo), d >= 1, d <= DateParsing.daysIn(y, mo) else { return nil }
        var ticks = PSDateTime.ticks(year: y, month: mo, day: d, hour: h, minute: mi, second: se)
        var j = 19
        if j < u.count && u[j] == 0x2E {
            j += 1
            var frac = ""
            while j < u.count, u[j] >= 0x30, u[j] <= 0x39 { frac.append(Character(Unicode.Scalar(u[j]))); j += 1 }
            let padded = (frac + "0000000").prefix(7)
            ticks += Int64(padded) ?? 0
        }
        if j < u.count, u[j] != 0x5A, u[j] != 0x2B, u[j] != 0x2D { return nil }
        return PSDateTime(ticks: ticks)
    }
}
