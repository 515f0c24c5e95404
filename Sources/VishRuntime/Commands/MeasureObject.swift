import Foundation

/// Measure-Object: count, sum, average, extremes and standard deviation of numbers (or of
/// a property), or lines, words and characters of text.
final class MeasureObject: NativeCommand {
    static let info = CmdletInfo("Measure-Object", [
        ParameterInfo(name: "InputObject", fromPipeline: true),
        ParameterInfo(name: "Property", type: .objectArray, position: 0),
        ParameterInfo(name: "StandardDeviation", isSwitch: true),
        ParameterInfo(name: "Sum", isSwitch: true),
        ParameterInfo(name: "AllStats", isSwitch: true),
        ParameterInfo(name: "Average", isSwitch: true),
        ParameterInfo(name: "Maximum", isSwitch: true),
        ParameterInfo(name: "Minimum", isSwitch: true),
        ParameterInfo(name: "Line", isSwitch: true),
        ParameterInfo(name: "Word", isSwitch: true),
        ParameterInfo(name: "Character", isSwitch: true),
        ParameterInfo(name: "IgnoreWhiteSpace", isSwitch: true),
    ], make: { MeasureObject($0, $1) })

    private var items: [Value] = []

    override func processRecord(_ input: Value?) throws {
        if let v = param("InputObject") { items.append(v) }
    }

    override func endProcessing() throws {
        var specs = try PropertySpec.parse(param("Property"), command: info.name, call.position)
        let text = switchOn("Line") || switchOn("Word") || switchOn("Character")
        if specs.isEmpty {
            try writeObject(text ? textMeasure(items, property: nil) : try measure(items, property: nil))
            return
        }
        if specs.contains(where: \.isWildcard) { specs = expand(specs) }
        for spec in specs {
            var values: [Value] = []
            for item in items {
                if let v = try spec.value(item, scope) { values.append(v) }
            }
            if values.isEmpty {
                // A property no object has is an error only under strict mode (Measure-Object.cs).
                if !items.isEmpty && context.strictMode >= 2 {
                    try writeError(error("The property \"\(spec.label)\" cannot be found in the input for any objects.",
                                         id: text ? "TextMeasurePropertyNotFound" : "GenericMeasurePropertyNotFound",
                                         category: .invalidArgument, exception: "System.Management.Automation.PSArgumentException"))
                }
                continue
            }
            try writeObject(text ? textMeasure(values, property: spec.label) : try measure(values, property: spec.label))
        }
    }

    /// Wildcard names become the matching properties of the objects, in the order first met
    /// (a hashtable's keys count as its properties).
    private func expand(_ specs: [PropertySpec]) -> [PropertySpec] {
        var out: [PropertySpec] = []
        for spec in specs {
            guard spec.isWildcard, case .name(let pattern) = spec.source else {
                out.append(spec)
                continue
            }
            let w = Wildcard(pattern, caseSensitive: false)
            for item in items {
                let names: [String]
                if case .object(let h as PSHashtable) = item.normalized {
                    names = h.keys.map { Convert.toString($0, ConversionContext()) }
                } else {
                    names = PropertyList.properties(of: item).map(\.name)
                }
                for n in names where w.matches(n) && !out.contains(where: { $0.label.caseInsensitiveCompare(n) == .orderedSame }) {
                    out.append(PropertySpec(label: n, source: .name(n)))
                }
            }
        }
        return out
    }

    private func measure(_ values: [Value], property: String?) throws -> Value {
        let all = switchOn("AllStats")
        let result = MeasureInfo(property: property)
        result.count = values.filter { !$0.isNull }.count
        let wantSum = all || switchOn("Sum"), wantAverage = all || switchOn("Average")
        let wantMax = all || switchOn("Maximum"), wantMin = all || switchOn("Minimum")
        let wantStd = all || switchOn("StandardDeviation")
        let present = values.filter { !$0.isNull }
        if wantSum || wantAverage || wantStd {
            var numbers: [Double] = []
            for v in present {
                do {
                    numbers.append(try Convert.toDouble(v, call.position))
                } catch _ {
                    try writeError(self.error("Input object \"\(Convert.toString(v, ConversionContext()))\" is not numeric.",
                                         id: "NonNumericInputObject", category: .invalidType, target: v,
                                         exception: "System.Management.Automation.PSInvalidOperationException"))
                }
            }
            let sum = numbers.reduce(0, +)
            if wantSum { result.sum = .double(sum) }
            if wantAverage { result.average = numbers.isEmpty ? .null : .double(sum / Double(numbers.count)) }
            if wantStd && numbers.count > 1 {
                let mean = sum / Double(numbers.count)
                let variance = numbers.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(numbers.count - 1)
                result.standardDeviation = .double(variance.squareRoot())
            } else if wantStd {
                result.standardDeviation = .double(0)
            }
        }
        if wantMax || wantMin {
            let numeric = present.allSatisfy { Convert.isNumeric($0) || (try? Convert.toDouble($0, .none)) != nil }
            var best: (Value, Value)? = nil
            for v in present {
                let key: Value = numeric ? .double((try? Convert.toDouble(v, .none)) ?? 0) : v
                guard let (lo, hi) = best else { best = (key, key); continue }
                best = (SortObject.compare(key, lo, caseSensitive: false) < 0 ? key : lo,
                        SortObject.compare(key, hi, caseSensitive: false) > 0 ? key : hi)
            }
            result.isGeneric = !numeric
            if wantMax { result.maximum = best?.1 ?? .null }
            if wantMin { result.minimum = best?.0 ?? .null }
        }
        return .object(result)
    }

    private func textMeasure(_ values: [Value], property: String?) -> Value {
        let result = TextMeasureInfo(property: property)
        var lines = 0, words = 0, chars = 0
        for v in values {
            let s = Convert.toString(v, context.conversion(scope))
            // A newline ends a line; a last line without one counts too.
            lines += s.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } + (s.isEmpty || s.hasSuffix("\n") ? 0 : 1)
            words += s.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).count
            chars += switchOn("IgnoreWhiteSpace") ? s.filter { !$0.isWhitespace }.count : s.count
        }
        if switchOn("Line") { result.lines = .int(Int32(lines)) }
        if switchOn("Word") { result.words = .int(Int32(words)) }
        if switchOn("Character") { result.characters = .int(Int32(chars)) }
        return .object(result)
    }
}

/// GenericMeasureInfo (GenericObjectMeasureInfo when the values are not numbers).
public final class MeasureInfo: PSObjectBase {
    var count = 0
    var average: Value = .null
    var sum: Value = .null
    var maximum: Value = .null
    var minimum: Value = .null
    var standardDeviation: Value = .null
    let property: String?
    var isGeneric = false

    init(property: String?) { self.property = property }

    public override var typeName: String {
        isGeneric ? "Microsoft.PowerShell.Commands.GenericObjectMeasureInfo" : "Microsoft.PowerShell.Commands.GenericMeasureInfo"
    }
    public override var propertyNames: [String] {
        ["Count", "Average", "Sum", "Maximum", "Minimum", "StandardDeviation", "Property"]
    }
    public override func getProperty(_ name: String) -> Value? {
        switch name.lowercased() {
        case "count": return .int(Int32(count))
        case "average": return average
        case "sum": return sum
        case "maximum": return maximum
        case "minimum": return minimum
        case "standarddeviation": return standardDeviation
        case "property": return property.map { .string($0) } ?? .null
        default: return nil
        }
    }
    public override func toString(_ context: ConversionContext) -> String { typeName }
}

public final class TextMeasureInfo: PSObjectBase {
    var lines: Value = .null
    var words: Value = .null
    var characters: Value = .null
    let property: String?
    init(property: String?) { self.property = property }
    public override var typeName: String { "Microsoft.PowerShell.Commands.TextMeasureInfo" }
    public override var propertyNames: [String] { ["Lines", "Words", "Characters", "Property"] }
    public override func getProperty(_ name: String) -> Value? {
        switch name.lowercased() {
        case "lines": return lines
        case "words": return words
        case "characters": return characters
        case "property": return property.map { .string($0) } ?? .null
        default: return nil
        }
    }
    public override func toString(_ context: ConversionContext) -> String { typeName }
}
