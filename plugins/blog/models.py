"""The typed model of each content file, as the content check read it, for every feature.

One job. The build runner checks content/ before Pelican runs (`sources.check_tree`),
which reads each file's metadata once into the schema's model (`schema.Article`,
`schema.Page`: dates as dates, lists as lists) and refuses what does not fit it.
The runner hands the models here (`use`); a feature asks for the model of the
article or page it works on (`of`) instead of parsing Pelican's metadata strings
again. `of` is None only when Pelican runs without the build runner (the
benchmark's notmyidea build): a feature then adds nothing.
"""

import os

_models = {}  # real source path -> the schema's model


def use(models):
    """The models of this build: {source path: model}."""
    _models.clear()
    _models.update({os.path.realpath(path): model for path, model in models.items()})


def of(content):
    """The schema's model of `content`'s source file, or None."""
    path = getattr(content, "source_path", None)
    return _models.get(os.path.realpath(path)) if path else None
