/// A property as Select-Object, Sort-Object, Group-Object and Format-Table take it: a
/// name (wildcards allowed), a script block, or a calculated property hashtable
/// (`@{Name='Size'; Expression={…}}`, keys abbreviated as pwsh allows).
struct PropertySpec {
    enum Source {
        case name(String)
        case script(ScriptBlockObject)
    }

    var label: String
    var source: Source
    var isWildcard = false
    /// Sort-Object's per-key direction; Format-Table's width, alignment and format string.
    var descending: Bool?
    var width: Int?
    var alignment: Alignment?
    var formatString: String?

    static func parse(_ value: Value?, command: String, _ position: ErrorPosition) throws -> [PropertySpec] {
        guard let value else { return [] }
        let items: [Value]
        if case .object(let o) = value.normalized, o.isEnumerable { items = o.enumerate() } else { items = [value] }
        return try items.map { try one($0, command: command, position) }
    }

    private static func one(_ v: Value, command: String, _ position: ErrorPosition) throws -> PropertySpec {
        switch v.normalized {
        case .object(let sb as ScriptBlockObject):
            return PropertySpec(label: sb.toString(ConversionContext()), source: .script(sb))
        case .object(let h as PSHashtable):
            var label: String?
            var source: Source?
            var spec = PropertySpec(label: "", source: .name(""))
            for (k, val) in zip(h.keys, h.values) {
                let key = Convert.toString(k, ConversionContext()).lowercased()
                func matches(_ full: String) -> Bool { !key.isEmpty && full.hasPrefix(key) }
                if matches("name") || matches("label") {
                    label = Convert.toString(val, ConversionContext())
                } else if matches("expression") {
                    if case .object(let sb as ScriptBlockObject) = val.normalized {
                        source = .script(sb)
                    } else {
                        source = .name(Convert.toString(val, ConversionContext()))
                    }
                } else if matches("descending") {
                    spec.descending = Convert.toBool(val)
                } else if matches("ascending") {
                    spec.descending = !Convert.toBool(val)
                } else if matches("width") {
                    spec.width = Int(try Convert.toInt32(val, position))
                } else if matches("alignment") {
                    switch Convert.toString(val, ConversionContext()).lowercased() {
                    case "left": spec.alignment = .left
                    case "right": spec.alignment = .right
                    case "center": spec.alignment = .center
                    default: break
                    }
                } else if matches("formatstring") {
                    spec.formatString = Convert.toString(val, ConversionContext())
                } else {
                    throw Errors.runtime("The \(Convert.toString(k, ConversionContext())) key is not valid.", id: "DictionaryKeyIllegal,Microsoft.PowerShell.Commands.\(command.replacingOccurrences(of: "-", with: ""))Command",
                                         position, exception: "System.NotSupportedException")
                }
            }
            guard let src = source else {
                if label != nil, command != "Sort-Object" {
                    throw Errors.runtime("The Expression key is missing.", id: "DictionaryKeyMissing", position)
                }
                return spec
            }
            spec.source = src
            switch src {
            case .name(let n): spec.label = label ?? n
            case .script(let sb): spec.label = label ?? sb.toString(ConversionContext())
            }
            return spec
        default:
            let name = Convert.toString(v, ConversionContext())
            return PropertySpec(label: name, source: .name(name), isWildcard: Wildcard(name, caseSensitive: false).hasWildcards)
        }
    }

    /// The value for one input object (nil: the object has no such property).
    func value(_ item: Value, _ scope: Scope) throws -> Value? {
        switch source {
        case .name(let n):
            return Members.propertyIfPresent(item.normalized, n)
        case .script(let sb):
            return try ScriptBlockInvoker.invokeDotSourced(sb.block, sb.capturedScope ?? scope, dollarUnder: item)
        }
    }

    /// Wildcard names expanded against an object's properties; others as they are.
    static func expand(_ specs: [PropertySpec], for item: Value) -> [PropertySpec] {
        var out: [PropertySpec] = []
        let names = PropertyList.properties(of: item).map(\.name)
        for s in specs {
            guard s.isWildcard, case .name(let pattern) = s.source else {
                out.append(s)
                continue
            }
            let w = Wildcard(pattern, caseSensitive: false)
            for n in names where w.matches(n) && !out.contains(where: { $0.label.lowercased() == n.lowercased() }) {
                out.append(PropertySpec(label: n, source: .name(n)))
            }
        }
        return out
    }
}
