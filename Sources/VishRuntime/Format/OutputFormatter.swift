/// Out-Default: turns the objects a script writes into pwsh's text. One formatter serves
/// a whole script run, so the first object's shape decides the table later objects join.
/// Tables are sized from all their rows (pwsh buffers rows for 300 ms; a script that
/// runs on a virtual clock is always within it), so rows are held until the end.
public final class OutputFormatter: Sink {
    let width: Int
    let listWidth: Int
    let write: (String) -> Void
    let writeError: (String) -> Void

    private enum Document {
        case none
        case table(columns: [TableView.Column], alignments: [Alignment], typeName: String?, propertyBased: Bool)
        case list(typeName: String?, columns: [TableView.Column]?)
        case custom(typeName: String, render: (Value) -> [String])
    }

    private enum Queued {
        case row([String])
        case text(String)
    }

    private var document = Document.none
    private var buffering = false
    private var queue: [Queued] = []
    private var fixedWidths: [Int] = []
    private var groupBy: TableView.Column?
    private var currentGroup: String?

    /// The host shows a merged warning, verbose or debug record as `WARNING: text`; a file
    /// or a string gets the message alone (the records' format view).
    public var showsStreamPrefixes = false

    public init(width: Int = 79, listWidth: Int? = nil, write: @escaping (String) -> Void, writeError: @escaping (String) -> Void) {
        self.width = width
        self.listWidth = listWidth ?? width
        self.write = write
        self.writeError = writeError
    }

    public func emit(_ value: Value) { process(value) }

    public func process(_ value: Value) {
        let v = value.normalized
        if v.isNull { return }
        if case .object(let o) = v {
            if o === AutomationNull.shared { return }
            if let h = o as? PSHashtable {
                for (k, val) in zip(h.keys, h.values) { process(.object(DictionaryEntry(key: k, value: val))) }
                return
            }
            if o.isEnumerable {
                for item in o.enumerate() { process(item) }
                return
            }
            if let r = o as? ErrorRecord {
                writeError(ErrorView.render(r, width: 80))
                return
            }
            if let d = o as? FormatDirective {
                finish()
                renderExplicit(d)
                return
            }
        }
        if case .object(let r as StreamRecord) = v {
            emitLine(showsStreamPrefixes ? "\(r.kind): \(r.message)" : r.message)
            return
        }
        if case .object(let r as InformationRecord) = v {
            emitLine(r.toString(ConversionContext()))
            return
        }
        if isScalar(v) {
            // A custom object with no properties shows as an empty line, not as "@{}".
            if case .object(let c as PSCustomObject) = v, c.propertyNames.isEmpty {
                emitLine("")
                return
            }
            emitLine(CellText.scalar(v))
            return
        }
        switch document {
        case .none:
            startDocument(v)
        case .table(let columns, let alignments, let typeName, let propertyBased):
            if let g = groupBy, matches(v, typeName) {
                let label = "   \(g.label): " + Convert.toString(g.value(v), ConversionContext())
                if label != currentGroup {
                    if buffering { drawTable(columns, alignments) }
                    queue = []
                    write("\n" + label + "\n\n")
                    currentGroup = label
                }
            }
            if propertyBased || matches(v, typeName) {
                addRow(columns.map { CellText.cell($0.value(v), propertyTable: propertyBased) })
            } else {
                outOfBandList(v)
            }
        case .list(let typeName, let columns):
            if typeName == nil || matches(v, typeName) {
                listEntry(v, columns)
            } else {
                outOfBandList(v)
            }
        case .custom(let typeName, let render):
            if matches(v, typeName) {
                for line in render(v) { emitLine(line) }
            } else {
                outOfBandList(v)
            }
        }
    }

    /// Ends the pipeline: sized tables are drawn, and the document's last blank line written.
    public func finish() {
        switch document {
        case .none:
            return
        case .table(let columns, let alignments, _, _):
            if buffering { drawTable(columns, alignments) }
            write("\n")
        case .custom:
            write("\n")
        case .list:
            break
        }
        document = .none
        buffering = false
        queue = []
        groupBy = nil
        currentGroup = nil
    }

    private func matches(_ v: Value, _ typeName: String?) -> Bool {
        guard let typeName, case .object(let o) = v else { return false }
        return o.typeNames.contains { $0.caseInsensitiveCompare(typeName) == .orderedSame }
    }

    /// Strings, numbers, booleans, chars, enums, and objects with nothing to show.
    func isScalar(_ v: Value) -> Bool {
        switch v {
        case .object(let o):
            if o is PSScalarBox || o is EnumValue || o is SwitchParameter || o is StreamRecord { return true }
            if FormatViews.view(for: v) != nil { return false }
            return o.propertyNames.isEmpty
        default:
            return true
        }
    }

    private func emitLine(_ text: String) {
        if buffering { queue.append(.text(text)) } else { write(text + "\n") }
    }

    private func startDocument(_ v: Value) {
        write("\n")
        if let (typeName, view) = FormatViews.view(for: v) {
            switch view {
            case .table(let t):
                let alignments = t.columns.map { $0.alignment ?? .left }
                groupBy = t.groupBy
                if let g = t.groupBy {
                    currentGroup = "   \(g.label): " + Convert.toString(g.value(v), ConversionContext())
                    write(currentGroup! + "\n\n")
                }
                document = .table(columns: t.columns, alignments: alignments, typeName: typeName, propertyBased: false)
                if t.columns.first?.width != nil {
                    fixedWidths = distribute(t.columns.map { $0.width ?? 0 })
                    writeHeader(t.columns, alignments, fixedWidths)
                    buffering = false
                } else {
                    buffering = true
                }
                addRow(t.columns.map { CellText.cell($0.value(v), propertyTable: false) })
            case .list(let columns):
                document = .list(typeName: typeName, columns: columns)
                listEntry(v, columns)
            case .custom(let render):
                document = .custom(typeName: typeName, render: render)
                for line in render(v) { emitLine(line) }
            }
            return
        }
        guard case .object(let o) = v else { return }
        let names = o.propertyNames
        if names.count <= 4 {
            let columns = names.map { TableView.Column.property($0) }
            let alignments = names.map { CellText.alignment(Members.propertyIfPresent(v, $0) ?? .null) }
            document = .table(columns: columns, alignments: alignments, typeName: nil, propertyBased: true)
            buffering = true
            addRow(columns.map { CellText.cell($0.value(v), propertyTable: true) })
        } else {
            document = .list(typeName: nil, columns: nil)
            listEntry(v, nil)
        }
    }

    /// Columns without a width share what the fixed ones leave of the line.
    func distribute(_ widths: [Int]) -> [Int] {
        var w = widths
        let unsized = w.indices.filter { w[$0] == 0 }
        guard !unsized.isEmpty else { return w }
        let used = w.reduce(0, +) + w.count - 1
        var left = max(0, width - used)
        var i = 0
        while left > 0 {
            w[unsized[i % unsized.count]] += 1
            left -= 1
            i += 1
        }
        return w
    }

    private func addRow(_ cells: [String]) {
        if buffering {
            queue.append(.row(cells))
            return
        }
        if case .table(_, let alignments, _, _) = document {
            write(renderRow(cells, alignments, fixedWidths) + "\n")
        }
    }

    private func drawTable(_ columns: [TableView.Column], _ alignments: [Alignment]) {
        var widths = columns.map { CellText.displayLength($0.label) }
        for case .row(let cells) in queue {
            for (i, c) in cells.enumerated() where i < widths.count { widths[i] = max(widths[i], CellText.displayLength(c)) }
        }
        widths = fit(widths)
        writeHeader(columns, alignments, widths)
        for q in queue {
            switch q {
            case .row(let cells): write(renderRow(cells, alignments, widths) + "\n")
            case .text(let t): write(t + "\n")
            }
        }
    }

    /// Shrinks the last visible columns until the line fits the width.
    func fit(_ widths: [Int]) -> [Int] {
        var w = widths
        while true {
            let visible = w.indices.filter { w[$0] > 0 }
            guard let last = visible.last else { return w }
            let total = visible.reduce(0) { $0 + w[$1] } + visible.count - 1
            if total <= width { return w }
            let excess = total - width
            if w[last] - excess >= 1 { w[last] -= excess } else { w[last] = -1 }
        }
    }

    private func writeHeader(_ columns: [TableView.Column], _ alignments: [Alignment], _ widths: [Int]) {
        write(renderRow(columns.map { $0.label }, alignments, widths) + "\n")
        let dashes = columns.enumerated().map { i, c in String(repeating: "-", count: min(max(widths[i], 0), CellText.displayLength(c.label))) }
        write(renderRow(dashes, alignments, widths) + "\n")
    }

    func renderRow(_ cells: [String], _ alignments: [Alignment], _ widths: [Int]) -> String {
        var parts: [String] = []
        let visible = widths.indices.filter { widths[$0] > 0 }
        for (n, i) in visible.enumerated() {
            let isLast = n == visible.count - 1
            let cell = i < cells.count ? cells[i] : ""
            parts.append(CellText.fitCell(cell, widths[i], alignments[i], isLast: isLast))
        }
        return parts.joined(separator: " ")
    }

    func listEntry(_ v: Value, _ columns: [TableView.Column]?) {
        let cols = columns ?? (v.asObject?.propertyNames ?? []).map { TableView.Column.property($0) }
        let labelWidth = min(cols.map { CellText.displayLength($0.label) }.max() ?? 0, max(1, listWidth - 5))
        var lines: [String] = []
        for c in cols {
            let label = c.label + String(repeating: " ", count: max(0, labelWidth - CellText.displayLength(c.label)))
            let valueText = CellText.cell(c.value(v), propertyTable: false, keepNewlines: true)
            let valueLines = valueText.split(separator: "\n", omittingEmptySubsequences: false).map { $0.replacingOccurrences(of: "\r", with: "") }
            let available = max(1, listWidth - labelWidth - 3)
            var wrapped: [String] = []
            for l in valueLines { wrapped += CellText.wordWrap(String(l), available) }
            if wrapped.isEmpty { wrapped = [""] }
            lines.append(label + " : " + wrapped[0])
            for extra in wrapped.dropFirst() { lines.append(String(repeating: " ", count: labelWidth + 3) + extra) }
        }
        for l in lines { emitLine(l) }
        emitLine("")
    }

    /// An object that does not fit the open view: a list between blank lines.
    private func outOfBandList(_ v: Value) {
        emitLine("")
        let cols = (v.asObject?.propertyNames ?? []).map { TableView.Column.property($0) }
        let labelWidth = cols.map { $0.label.count }.max() ?? 0
        for c in cols {
            emitLine(c.label.padding(toLength: labelWidth, withPad: " ", startingAt: 0) + " : " + CellText.cell(c.value(v), propertyTable: false))
        }
        emitLine("")
    }
}
