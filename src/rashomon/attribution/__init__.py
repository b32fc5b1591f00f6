"""Attribution: who a text says its claims come from (source, cue, content), read off the parse.

``lexicon`` holds the cue words and the cheap gate that picks the sentences worth parsing; ``rules``
finds the attributions of one parsed sentence; ``resolve`` links them across the document (pronoun
sources, actors, nesting) and gives an event mention the chain of attributions it sits in.
"""
