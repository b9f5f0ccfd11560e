"""What the package's estimators share beyond scikit-learn's base classes."""


class TextInputMixin:
    """Declares texts (or text spans), not a numeric matrix, as the estimator's input: scikit-learn's
    ``check_estimator`` then skips its numeric-input checks, as it does for its own text vectorizers.
    Put it before scikit-learn's mixins and ``BaseEstimator`` in the bases."""

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        return tags
