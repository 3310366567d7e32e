package dev.hookbook.widgets;

/**
 * A model that holds state but no value of its own (a layout, a style, a link): {@code value()} is
 * null and {@code setValue} changes nothing.
 */
abstract class ValuelessModel extends Widget<Void> {

    ValuelessModel(String module, String moduleVersion, String modelName, String viewModule, String viewName) {
        super(module, moduleVersion, modelName, viewModule, viewName);
    }

    @Override
    public Void value() {
        return null;
    }

    @Override
    public void setValue(Void value) {}
}
