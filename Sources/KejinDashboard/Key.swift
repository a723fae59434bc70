/// A key press or terminal event, as the terminal layer reports it.
public enum Key: Hashable, Sendable {
    case character(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case enter, escape, backspace, tab, backTab
    case function(Int)
    /// A mouse click at a cell.
    case click(x: Int, y: Int)
}
