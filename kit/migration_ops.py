"""Operations shared by migrations that move models between apps."""


def move_content_types(moves):
    """Keeps the permissions given on a moved model: its content type row
    follows it to the new app (unless that row exists already)."""

    def forward(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        for old_app, new_app, model in moves:
            if not ContentType.objects.filter(app_label=new_app, model=model).exists():
                ContentType.objects.filter(app_label=old_app, model=model).update(app_label=new_app)

    def backward(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        for old_app, new_app, model in moves:
            if not ContentType.objects.filter(app_label=old_app, model=model).exists():
                ContentType.objects.filter(app_label=new_app, model=model).update(app_label=old_app)

    return forward, backward
