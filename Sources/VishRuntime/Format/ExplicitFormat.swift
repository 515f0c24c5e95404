/// What Format-Table and Format-List write: the objects and how to lay them out. Out-Default,
/// Out-String and Out-File draw it; it starts a new table (or list) of its own.
final class FormatDirective: PSObjectBase {
    enum Shape { case table, list }
    let shape: Shape
    let items: [Value]
    let specs: [PropertySpec]
    let scope: Scope
    var autoSize = false
    var hideHeaders = false
    var wrap = false
    var force = false
    var groupBy: PropertySpec?

    init(_ shape: Shape, items: [Value], specs: [PropertySpec], scope: Scope) {
        self.shape = shape
        self.items = items
        self.specs = specs
        self.scope = scope
    }

    override var typeName: String {
        "Microsoft.PowerShell.Commands.Internal.Format.FormatStartData"
    }
}

extension OutputFormatter {
    /// A column of an explicit table: its label, how to get the cell, width and alignment.
    private struct ExplicitColumn {
        var label: String
        var value: (Value) -> Value
        var width: Int?
        var alignment: Alignment?
        var formatString: String?
    }

    func renderExplicit(_ d: FormatDirective) {
        // Dictionaries are shown entry by entry.
        let objects = d.items.map(\.normalized).filter { !$0.isNull }.flatMap { v -> [Value] in
            guard case .object(let h as PSHashtable) = v else { return [v] }
            return zip(h.keys, h.values).map { .object(DictionaryEntry(key: $0, value: $1)) }
        }
        switch d.shape {
        case .list: renderList(d, objects)
        case .table: renderTable(d, objects)
        }
    }

    private func columns(_ d: FormatDirective, for first: Value, list: Bool) -> [ExplicitColumn] {
        if !d.specs.isEmpty {
            // A list shows the named properties the object has (a table shows every column).
            let specs = PropertySpec.expand(d.specs, for: first).filter { spec in
                guard list, case .name(let n) = spec.source else { return true }
                return Members.propertyIfPresent(first, n) != nil
            }
            return specs.map { spec in
                ExplicitColumn(label: spec.label, value: { v in ((try? spec.value(v, d.scope)) ?? nil) ?? .null },
                               width: spec.width, alignment: spec.alignment, formatString: spec.formatString)
            }
        }
        if let (_, view) = FormatViews.view(for: first) {
            switch view {
            case .table(let t) where !list:
                return t.columns.map { c in ExplicitColumn(label: c.label, value: c.value, width: c.width, alignment: c.alignment) }
            case .list(let cols) where list:
                return cols.map { c in ExplicitColumn(label: c.label, value: c.value, width: nil, alignment: nil) }
            default: break
            }
        }
        if list, let cols = FormatViews.listView(for: first) {
            return cols.map { c in ExplicitColumn(label: c.label, value: c.value, width: nil, alignment: nil) }
        }
        let names = PropertyList.properties(of: first).map(\.name)
        return (list ? names : Array(names.prefix(10))).map { n in
            ExplicitColumn(label: n, value: { Members.propertyIfPresent($0, n) ?? .null })
        }
    }

    private func cellText(_ c: ExplicitColumn, _ v: Value, propertyTable: Bool) -> String {
        let value = c.value(v)
        if let f = c.formatString, !value.isNull {
            return (try? StringOperators.format(.string("{0:\(f)}"), value, .none)) ?? CellText.cell(value, propertyTable: propertyTable)
        }
        return CellText.cell(value, propertyTable: propertyTable, keepNewlines: true)
    }

    private func isOutOfBand(_ v: Value, _ d: FormatDirective) -> Bool {
        !d.force && isScalar(v)
    }

    private func renderList(_ d: FormatDirective, _ objects: [Value]) {
        var started = false
        for v in objects {
            if isOutOfBand(v, d) {
                write(CellText.scalar(v) + "\n")
                continue
            }
            let explicit = columns(d, for: v, list: true)
            if explicit.isEmpty && !d.specs.isEmpty { continue }
            if !started { write("\n"); started = true }
            let cols = explicit.map { c in
                TableView.Column(c.label) { [unowned self] x in .string(self.cellText(c, x, propertyTable: false)) }
            }
            var lines: [String] = []
            listLines(v, cols) { lines.append($0) }
            for l in lines { write(l + "\n") }
        }
    }

    private func listLines(_ v: Value, _ cols: [TableView.Column], _ out: (String) -> Void) {
        let labelWidth = min(cols.map { CellText.displayLength($0.label) }.max() ?? 0, max(1, listWidth - 5))
        for c in cols {
            let pad = max(0, labelWidth - CellText.displayLength(c.label))
            let label = c.label + String(repeating: " ", count: pad)
            let text = Convert.toString(c.value(v), ConversionContext())
            let available = max(1, listWidth - labelWidth - 3)
            var wrapped: [String] = []
            for l in text.split(separator: "\n", omittingEmptySubsequences: false) {
                wrapped += CellText.wordWrap(l.replacingOccurrences(of: "\r", with: ""), available)
            }
            if wrapped.isEmpty { wrapped = [""] }
            out(label + " : " + wrapped[0])
            for extra in wrapped.dropFirst() { out(String(repeating: " ", count: labelWidth + 3) + extra) }
        }
        out("")
    }

    private func renderTable(_ d: FormatDirective, _ objects: [Value]) {
        var started = false
        // Groups: consecutive objects with the same -GroupBy value.
        var groups: [(label: String?, items: [Value])] = []
        var lastKey: Value? = nil
        for v in objects {
            if let g = d.groupBy, !isOutOfBand(v, d) {
                let key = ((try? g.value(v, d.scope)) ?? nil) ?? .null
                if groups.isEmpty || lastKey == nil || SortObject.compare(lastKey!, key, caseSensitive: false) != 0 {
                    groups.append(("   \(g.label): \(Convert.toString(key, ConversionContext()))", []))
                    lastKey = key
                }
                groups[groups.count - 1].items.append(v)
            } else {
                if groups.isEmpty { groups.append((nil, [])) }
                groups[groups.count - 1].items.append(v)
            }
        }
        var firstColumns: [ExplicitColumn]? = nil
        var firstAlignments: [Alignment] = []
        for (gi, group) in groups.enumerated() {
            if group.items.contains(where: { !isOutOfBand($0, d) }) && !started {
                write("\n")
                started = true
            }
            if gi > 0 { write("\n") }
            if let label = group.label { write(label + "\n\n") }
            var rows: [[String]?] = []
            for v in group.items {
                if isOutOfBand(v, d) { rows.append(nil); continue }
                if firstColumns == nil {
                    let cols = columns(d, for: v, list: false)
                    firstColumns = cols
                    firstAlignments = cols.map { $0.alignment ?? CellText.alignment($0.value(v)) }
                }
                let propertyTable = d.specs.isEmpty && FormatViews.view(for: v) == nil
                rows.append(firstColumns!.map { cellText($0, v, propertyTable: propertyTable) })
            }
            guard let cols = firstColumns else {
                for (i, v) in group.items.enumerated() where rows[i] == nil { write(CellText.scalar(v) + "\n") }
                continue
            }
            var widths: [Int]
            if d.autoSize || cols.first?.width == nil {
                widths = cols.map { CellText.displayLength($0.label) }
                for case let row? in rows {
                    for (i, c) in row.enumerated() { widths[i] = max(widths[i], CellText.displayLength(c)) }
                }
                if !d.autoSize {
                    for (i, c) in cols.enumerated() { if let w = c.width { widths[i] = w } }
                }
                widths = fit(widths)
            } else {
                widths = fit(distribute(cols.map { $0.width ?? 0 }))
            }
            if !d.hideHeaders {
                write(renderRow(cols.map(\.label), firstAlignments, widths) + "\n")
                let dashes = cols.enumerated().map { i, c in String(repeating: "-", count: min(max(widths[i], 0), CellText.displayLength(c.label))) }
                write(renderRow(dashes, firstAlignments, widths) + "\n")
            }
            for (i, row) in rows.enumerated() {
                guard let row else {
                    write(CellText.scalar(group.items[i]) + "\n")
                    continue
                }
                if d.wrap {
                    for line in wrappedRow(row, firstAlignments, widths) { write(line + "\n") }
                } else {
                    write(renderRow(row, firstAlignments, widths) + "\n")
                }
            }
        }
        if started { write("\n") }
    }

    /// `-Wrap`: each cell word-wrapped to its column; lines trimmed after the last content.
    private func wrappedRow(_ cells: [String], _ alignments: [Alignment], _ widths: [Int]) -> [String] {
        let pieces: [[String]] = cells.enumerated().map { i, c in
            guard widths[i] > 0 else { return [""] }
            return c.split(separator: "\n", omittingEmptySubsequences: false).flatMap {
                CellText.wordWrap(String($0).replacingOccurrences(of: "\r", with: ""), widths[i])
            }
        }
        let height = pieces.map(\.count).max() ?? 1
        var lines: [String] = []
        for n in 0..<height {
            let row = pieces.map { n < $0.count ? $0[n] : "" }
            var line = renderRow(row, alignments, widths)
            if n > 0 { while line.hasSuffix(" ") { line.removeLast() } }
            lines.append(line)
        }
        return lines
    }
}
